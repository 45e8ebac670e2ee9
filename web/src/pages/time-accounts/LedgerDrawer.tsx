/**
 * One account's ledger, newest first, page after page (keyset cursor). The drawer follows the URL:
 * it is open while `?account=<id>` names an account of this customer.
 */
import { Badge, Button, Drawer, Group, Paper, Stack, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { useInfiniteQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { Empty, ErrorAlert, Loading } from "../../components/QueryState";
import { formatDateTime, formatDuration, type Language } from "../../lib/format";
import { type LedgerEntry, ledgerKey, shortId, signedDuration, type TimeAccount } from "./model";

const PAGE_SIZE = 50;

export function LedgerDrawer({
  accountId,
  account,
  listPending,
  language,
  onClose,
}: {
  accountId: string | null;
  account: TimeAccount | undefined;
  listPending: boolean;
  language: Language;
  onClose: () => void;
}) {
  const { t } = useTranslation("timeAccounts");
  const opened = accountId !== null;
  // On phones the ledger takes the whole screen; a side panel would leave no room for amounts.
  const phone = useMediaQuery("(max-width: 36em)");
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size={phone ? "100%" : "lg"}
      title={account ? t("ledger.title", { name: account.name }) : t("ledger.titlePlain")}
      closeButtonProps={{ "aria-label": t("ledger.close") }}
      data-testid="ledger"
    >
      {opened &&
        (account ? (
          <Ledger account={account} language={language} />
        ) : listPending ? (
          <Loading />
        ) : (
          <Empty>{t("ledger.notFound")}</Empty>
        ))}
    </Drawer>
  );
}

function Ledger({ account, language }: { account: TimeAccount; language: Language }) {
  const { t } = useTranslation("timeAccounts");
  const ledger = useInfiniteQuery({
    queryKey: ledgerKey(account.id),
    queryFn: ({ pageParam }) =>
      unwrap(
        api.GET("/api/os/time-accounts/{id}/ledger", {
          params: {
            path: { id: account.id },
            query: { limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) },
          },
        }),
      ),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  if (ledger.isPending) return <Loading />;
  if (ledger.error && !ledger.data) return <ErrorAlert error={ledger.error} />;
  const entries = ledger.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Stack gap="sm">
      <Text size="sm" c="dimmed">
        {t("ledger.balanceNow", { value: formatDuration(account.balanceSeconds, language) })}
      </Text>
      {entries.length === 0 ? (
        <Empty>{t("ledger.empty")}</Empty>
      ) : (
        <Stack
          gap="xs"
          component="ol"
          p={0}
          m={0}
          style={{ listStyle: "none" }}
          aria-label={t("ledger.list")}
        >
          {entries.map((entry) => (
            <EntryRow key={entry.id} entry={entry} language={language} />
          ))}
        </Stack>
      )}
      {ledger.error && <ErrorAlert error={ledger.error} />}
      {ledger.hasNextPage ? (
        <Button
          variant="default"
          onClick={() => ledger.fetchNextPage()}
          loading={ledger.isFetchingNextPage}
          style={{ alignSelf: "center" }}
        >
          {t("ledger.more")}
        </Button>
      ) : (
        entries.length > 0 && (
          <Text size="sm" c="dimmed" ta="center">
            {t("ledger.end")}
          </Text>
        )
      )}
    </Stack>
  );
}

function EntryRow({ entry, language }: { entry: LedgerEntry; language: Language }) {
  const { t } = useTranslation("timeAccounts");
  const actor =
    entry.actor.type === "system"
      ? t("actor.system")
      : entry.actor.type === "api_key"
        ? entry.actor.displayName
          ? t("actor.apiKey", { name: entry.actor.displayName })
          : t("actor.apiKeyUnknown")
        : (entry.actor.displayName ?? t("actor.userUnknown"));
  return (
    <Paper component="li" withBorder p="sm" data-testid="ledger-entry">
      <Stack gap={2}>
        <Group justify="space-between" wrap="nowrap" gap="sm">
          <Badge variant="light" color={KIND_COLOURS[entry.kind]} style={{ minWidth: 0 }}>
            {t(`kind.${entry.kind}`)}
          </Badge>
          <Text
            fw={600}
            c={entry.seconds < 0 ? "red.7" : "green.8"}
            data-testid="ledger-amount"
            style={{ flexShrink: 0 }}
          >
            {signedDuration(entry.seconds, language)}
          </Text>
        </Group>
        <Text size="sm" c="dimmed">
          <time dateTime={entry.createdAt}>{formatDateTime(entry.createdAt, language)}</time> · {actor}
        </Text>
        {entry.reason && (
          <Text size="sm" style={{ overflowWrap: "anywhere" }}>
            {t("ledger.reason", { reason: entry.reason })}
          </Text>
        )}
        {entry.executionId && (
          <Text size="sm" c="dimmed">
            {t("ledger.execution")}{" "}
            <Text span ff="monospace" title={entry.executionId}>
              {shortId(entry.executionId)}
            </Text>
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t("ledger.balanceAfter", { value: formatDuration(entry.balanceAfterSeconds, language) })}
        </Text>
      </Stack>
    </Paper>
  );
}

const KIND_COLOURS: Record<LedgerEntry["kind"], string> = {
  top_up: "green",
  execution_debit: "blue",
  refund: "teal",
  adjustment: "yellow",
  transfer: "grape",
};
