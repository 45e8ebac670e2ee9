/**
 * Complaints, newest first: NADOO OS shows one customer's, the staff console every customer's (with
 * the customer and who filed it). A table on wide screens, one card per complaint on phones; the
 * date links to the complaint.
 */
import { Anchor, Button, Card, Center, Group, Stack, Table, Text } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import type { InfiniteData, UseInfiniteQueryResult } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { Empty, ErrorAlert, Loading } from "../../components/QueryState";
import { formatDateTime, formatDuration, formatMoney, type Language } from "../../lib/format";
import { ComplaintStatusBadge } from "./ComplaintView";
import type { ComplaintSummary } from "./model";

export type ComplaintPages = UseInfiniteQueryResult<
  InfiniteData<{ items: ComplaintSummary[]; nextCursor: string | null }>
>;

/** A paged complaint list in its card: loading, its error, the table (or `empty`), "Mehr laden". */
export function ComplaintsCard({
  list,
  empty,
  ...table
}: {
  list: ComplaintPages;
  empty: string;
} & Omit<Parameters<typeof ComplaintsTable>[0], "items">) {
  const { t: common } = useTranslation();
  const items = list.data?.pages.flatMap((page) => page.items) ?? [];
  return (
    <Card withBorder padding={0}>
      {list.isPending ? (
        <Loading />
      ) : list.error && !list.data ? (
        <Stack p="md">
          <ErrorAlert error={list.error} />
        </Stack>
      ) : (
        <Stack gap={0} style={{ opacity: list.isPlaceholderData ? 0.6 : 1 }} aria-busy={list.isFetching}>
          {items.length === 0 ? <Empty>{empty}</Empty> : <ComplaintsTable items={items} {...table} />}
          {list.error && <ErrorAlert error={list.error} />}
          {list.hasNextPage && (
            <Center p="md">
              <Button
                variant="default"
                onClick={() => list.fetchNextPage()}
                loading={list.isFetchingNextPage}
                data-testid="load-more"
              >
                {common("actions.more")}
              </Button>
            </Center>
          )}
        </Stack>
      )}
    </Card>
  );
}

export function ComplaintsTable({
  items,
  language,
  linkTo,
  staff = false,
}: {
  items: ComplaintSummary[];
  language: Language;
  /** The path of a complaint's page in the current router. */
  linkTo: (complaint: ComplaintSummary) => string;
  /** Adds the customer and who filed it. */
  staff?: boolean;
}) {
  const { t } = useTranslation("complaints");
  const phone = useMediaQuery("(max-width: 36em)");
  if (phone) return <ComplaintCards items={items} language={language} linkTo={linkTo} staff={staff} />;
  return (
    <Table.ScrollContainer minWidth={staff ? 860 : 640}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t("table.caption")}
        data-testid="complaints-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("table.filed")}</Table.Th>
            {staff && <Table.Th>{t("table.customer")}</Table.Th>}
            <Table.Th>{t("table.program")}</Table.Th>
            <Table.Th>{t("table.execution")}</Table.Th>
            {staff && <Table.Th>{t("table.filedBy")}</Table.Th>}
            <Table.Th>{t("table.status")}</Table.Th>
            <Table.Th ta="right">{t("table.entries")}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((complaint) => {
            const filed = formatDateTime(complaint.createdAt, language);
            const { execution } = complaint;
            return (
              <Table.Tr key={complaint.id} data-testid="complaint-row" data-complaint-id={complaint.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <Anchor
                    component={Link}
                    to={linkTo(complaint)}
                    aria-label={t("table.openLabel", { date: filed, customer: complaint.customerName })}
                    data-testid="open-complaint"
                  >
                    {filed}
                  </Anchor>
                </Table.Td>
                {staff && <Table.Td>{complaint.customerName}</Table.Td>}
                <Table.Td>{execution?.programName ?? <Text c="dimmed">{t("table.deleted")}</Text>}</Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  {execution
                    ? t("table.executionValue", {
                        time: formatDuration(execution.timeSavedSeconds, language),
                        price: formatMoney(execution.price, execution.currency, language),
                      })
                    : "–"}
                </Table.Td>
                {staff && <Table.Td>{complaint.filedBy?.displayName ?? "–"}</Table.Td>}
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <ComplaintStatusBadge status={complaint.status} />
                </Table.Td>
                <Table.Td ta="right" data-testid="entry-count">
                  {complaint.entryCount}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function ComplaintCards({
  items,
  language,
  linkTo,
  staff,
}: {
  items: ComplaintSummary[];
  language: Language;
  linkTo: (complaint: ComplaintSummary) => string;
  staff: boolean;
}) {
  const { t } = useTranslation("complaints");
  return (
    <Stack gap={0} component="ul" m={0} p={0} style={{ listStyle: "none" }} aria-label={t("table.caption")}>
      {items.map((complaint) => {
        const filed = formatDateTime(complaint.createdAt, language);
        const { execution } = complaint;
        return (
          <Card
            key={complaint.id}
            component="li"
            radius={0}
            padding="sm"
            style={{ borderBottom: "1px solid var(--mantine-color-gray-3)" }}
            data-testid="complaint-row"
            data-complaint-id={complaint.id}
          >
            <Group justify="space-between" wrap="nowrap" gap="xs">
              <Anchor
                component={Link}
                to={linkTo(complaint)}
                fw={600}
                aria-label={t("table.openLabel", { date: filed, customer: complaint.customerName })}
                data-testid="open-complaint"
              >
                {filed}
              </Anchor>
              <ComplaintStatusBadge status={complaint.status} />
            </Group>
            {staff && (
              <Text size="sm" fw={500}>
                {complaint.customerName}
              </Text>
            )}
            <Text size="sm">
              {execution
                ? `${execution.programName} · ${t("table.executionValue", {
                    time: formatDuration(execution.timeSavedSeconds, language),
                    price: formatMoney(execution.price, execution.currency, language),
                  })}`
                : t("table.deleted")}
            </Text>
            <Text size="xs" c="dimmed">
              {staff && complaint.filedBy ? `${complaint.filedBy.displayName} · ` : ""}
              <span data-testid="entry-count">{t("table.entryCount", { count: complaint.entryCount })}</span>
            </Text>
          </Card>
        );
      })}
    </Stack>
  );
}
