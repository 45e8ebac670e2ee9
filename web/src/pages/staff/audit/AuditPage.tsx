/**
 * Audit-Log in the staff console (SPEC §13): the log searched by action (exact, or a kind ending in a
 * dot), customer, actor (user code or id) and Berlin calendar days, newest first with "Mehr laden";
 * each entry's before and after state unfolds as pretty JSON. The filter lives in the URL.
 */
import {
  Autocomplete,
  Button,
  Code,
  Group,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  TextInput,
  VisuallyHidden,
} from "@mantine/core";
import { useDebouncedValue, useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { Fragment, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, ErrorAlert, Loading } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDateTime, type Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import {
  type AuditFilter,
  actionSuggestions,
  apiQuery,
  filterFromQuery,
  filterToQuery,
  isBackwards,
} from "./filters";

type AuditEntry =
  paths["/api/staff/audit"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

const PAGE_SIZE = 50;
const nowrap = { whiteSpace: "nowrap" } as const;

/** A text filter typed into a field and written to the URL once typing pauses. */
function useTypedFilter(value: string | undefined, apply: (value: string | undefined) => void) {
  const [text, setText] = useState(value ?? "");
  const [debounced] = useDebouncedValue(text.trim(), 400);
  // biome-ignore lint/correctness/useExhaustiveDependencies: only a pause in typing applies the text
  useEffect(() => {
    if (debounced !== (value ?? "")) apply(debounced || undefined);
  }, [debounced]);
  return [text, setText] as const;
}

export default function AuditPage() {
  const { t, i18n } = useTranslation("staffAudit");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const filter = filterFromQuery(searchParams);
  const backwards = isBackwards(filter);
  const setFilter = (change: Partial<AuditFilter>) =>
    setSearchParams((current) => filterToQuery({ ...filterFromQuery(current), ...change }), {
      replace: true,
    });
  const [action, setAction] = useTypedFilter(filter.action, (value) => setFilter({ action: value }));
  const [actor, setActor] = useTypedFilter(filter.actor, (value) => setFilter({ actor: value }));
  const [open, setOpen] = useState<ReadonlySet<string>>(new Set());
  const narrow = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });

  const query = apiQuery(filter);
  const log = useInfiniteQuery({
    queryKey: ["staff", "audit", query],
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/staff/audit", {
          params: { query: { ...query, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    enabled: !backwards,
  });
  const items = log.data?.pages.flatMap((page) => page.items) ?? [];
  const unknownActor = log.error instanceof ApiError && log.error.status === 404 && filter.actor;

  const toggle = (id: string) =>
    setOpen((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="md">
        <SimpleGrid
          cols={{ base: 1, sm: 2, lg: 5 }}
          spacing="sm"
          role="search"
          aria-label={t("filters.label")}
        >
          <Autocomplete
            label={t("filters.action")}
            placeholder="time_account."
            value={action}
            onChange={setAction}
            data={actionSuggestions(items.map((entry) => entry.action))}
            data-testid="audit-action"
          />
          <CustomerPicker
            value={filter.customerId ?? null}
            onChange={(customer) => setFilter({ customerId: customer?.id })}
          />
          <TextInput
            label={t("filters.actor")}
            value={actor}
            onChange={(event) => setActor(event.currentTarget.value)}
            error={unknownActor ? t("filters.unknownActor") : undefined}
            data-testid="audit-actor"
          />
          <TextInput
            type="date"
            label={t("filters.from")}
            value={filter.from ?? ""}
            onChange={(event) => setFilter({ from: event.currentTarget.value || undefined })}
            error={backwards ? t("filters.backwards") : undefined}
            data-testid="audit-from"
          />
          <TextInput
            type="date"
            label={t("filters.to")}
            value={filter.to ?? ""}
            onChange={(event) => setFilter({ to: event.currentTarget.value || undefined })}
            data-testid="audit-to"
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed" mt={-8}>
          {t("filters.hint")}
        </Text>
        {backwards || unknownActor ? null : log.isPending ? (
          <Loading />
        ) : log.error && !log.data ? (
          <ErrorAlert error={log.error} />
        ) : items.length === 0 ? (
          <Empty>{t("empty")}</Empty>
        ) : narrow ? (
          <Stack gap="sm" data-testid="audit-table">
            {items.map((entry) => (
              <EntryCard
                key={entry.id}
                entry={entry}
                language={language}
                expanded={open.has(entry.id)}
                onToggle={() => toggle(entry.id)}
              />
            ))}
          </Stack>
        ) : (
          <Table.ScrollContainer minWidth={960}>
            <Table verticalSpacing="xs" aria-label={t("table.caption")} data-testid="audit-table">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("table.time")}</Table.Th>
                  <Table.Th>{t("table.actor")}</Table.Th>
                  <Table.Th>{t("table.action")}</Table.Th>
                  <Table.Th>{t("table.customer")}</Table.Th>
                  <Table.Th>{t("table.target")}</Table.Th>
                  <Table.Th>{t("table.requestId")}</Table.Th>
                  <Table.Th>
                    <VisuallyHidden>{t("table.details")}</VisuallyHidden>
                  </Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {items.map((entry) => (
                  <EntryRows
                    key={entry.id}
                    entry={entry}
                    language={language}
                    expanded={open.has(entry.id)}
                    onToggle={() => toggle(entry.id)}
                  />
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        )}
        {log.error && log.data && <ErrorAlert error={log.error} />}
        {log.hasNextPage && (
          <Button
            variant="default"
            onClick={() => log.fetchNextPage()}
            loading={log.isFetchingNextPage}
            style={{ alignSelf: "center" }}
            data-testid="more"
          >
            {common("actions.more")}
          </Button>
        )}
      </Stack>
    </>
  );
}

interface EntryProps {
  entry: AuditEntry;
  language: Language;
  expanded: boolean;
  onToggle: () => void;
}

function useActorText(entry: AuditEntry): string {
  const { t } = useTranslation("staffAudit");
  if (entry.actor) return `${entry.actor.displayName} (${entry.actor.code})`;
  return entry.actorApiKeyId ? t("actor.apiKey") : t("actor.system");
}

function ToggleButton({ entry, language, expanded, onToggle }: EntryProps) {
  const { t } = useTranslation("staffAudit");
  const time = formatDateTime(entry.occurredAt, language);
  return (
    <Button
      size="compact-sm"
      variant="subtle"
      onClick={onToggle}
      aria-expanded={expanded}
      aria-controls={`audit-details-${entry.id}`}
      aria-label={t(expanded ? "table.hideLabel" : "table.showLabel", { action: entry.action, time })}
      style={{ flexShrink: 0 }}
      data-testid="audit-toggle"
    >
      {expanded ? t("table.hide") : t("table.show")}
    </Button>
  );
}

function Details({ entry }: { entry: AuditEntry }) {
  const { t } = useTranslation("staffAudit");
  return (
    <SimpleGrid
      cols={{ base: 1, md: 2 }}
      spacing="sm"
      id={`audit-details-${entry.id}`}
      data-testid="audit-details"
    >
      <State label={t("table.before")} value={entry.before} />
      <State label={t("table.after")} value={entry.after} />
    </SimpleGrid>
  );
}

function Target({ entry }: { entry: AuditEntry }) {
  if (!entry.targetType && !entry.targetId) return <>–</>;
  return (
    <Text size="sm" style={{ overflowWrap: "anywhere" }}>
      {entry.targetType}{" "}
      <Text span ff="monospace" size="xs">
        {entry.targetId}
      </Text>
    </Text>
  );
}

const customerText = (entry: AuditEntry) => entry.customer?.name ?? entry.customerId ?? "–";

function EntryRows(props: EntryProps) {
  const { entry, language, expanded } = props;
  const actor = useActorText(entry);
  return (
    <Fragment>
      <Table.Tr data-testid="audit-entry" data-action={entry.action}>
        <Table.Td style={nowrap}>{formatDateTime(entry.occurredAt, language)}</Table.Td>
        <Table.Td>{actor}</Table.Td>
        <Table.Td>
          <Code>{entry.action}</Code>
        </Table.Td>
        <Table.Td>{customerText(entry)}</Table.Td>
        <Table.Td>
          <Target entry={entry} />
        </Table.Td>
        <Table.Td>
          <Text span ff="monospace" size="xs" style={{ overflowWrap: "anywhere" }}>
            {entry.requestId ?? "–"}
          </Text>
        </Table.Td>
        <Table.Td ta="right">
          <ToggleButton {...props} />
        </Table.Td>
      </Table.Tr>
      {expanded && (
        <Table.Tr>
          <Table.Td colSpan={7}>
            <Details entry={entry} />
          </Table.Td>
        </Table.Tr>
      )}
    </Fragment>
  );
}

/** One entry on a narrow screen: the same facts, one below the other. */
function EntryCard(props: EntryProps) {
  const { t } = useTranslation("staffAudit");
  const { entry, language, expanded } = props;
  const actor = useActorText(entry);
  return (
    <Paper withBorder p="sm" component="article" data-testid="audit-entry" data-action={entry.action}>
      <Stack gap={4}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Code style={{ overflowWrap: "anywhere" }}>{entry.action}</Code>
          <ToggleButton {...props} />
        </Group>
        <Text size="sm">
          {formatDateTime(entry.occurredAt, language)} · {actor}
        </Text>
        <Text size="sm">
          {t("table.customer")}: {customerText(entry)}
        </Text>
        <Target entry={entry} />
        {entry.requestId && (
          <Text size="xs" c="dimmed" style={{ overflowWrap: "anywhere" }}>
            {t("table.requestId")}:{" "}
            <Text span ff="monospace" size="xs">
              {entry.requestId}
            </Text>
          </Text>
        )}
        {expanded && <Details entry={entry} />}
      </Stack>
    </Paper>
  );
}

function State({ label, value }: { label: string; value: unknown }) {
  const { t } = useTranslation("staffAudit");
  return (
    <Stack gap={4} style={{ minWidth: 0 }}>
      <Text size="sm" fw={600}>
        {label}
      </Text>
      {value === null || value === undefined ? (
        <Text size="sm" c="dimmed">
          {t("table.none")}
        </Text>
      ) : (
        <Code block style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
          {JSON.stringify(value, null, 2)}
        </Code>
      )}
    </Stack>
  );
}
