/**
 * Abrechnungen in the staff console (SPEC §10): a customer's statement of a month (`?customerId=`,
 * `?month=YYYY-MM`, default last month): the sums per program and in total, the executions per
 * status, the CSV and PDF downloads, and marking the month's open executions paid.
 */
import {
  Alert,
  Badge,
  Button,
  Card,
  Group,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import type { paths } from "../../../api/schema";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDay, formatDuration, formatMoney, formatNumber, type Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import { endOfMonth } from "../../dashboard/period";
import { isMonth, lastMonth, monthLabel, recentMonths, statementDownloadUrl, statementKey } from "./model";

type StatementResponse =
  paths["/api/staff/customers/{customerId}/statements/{month}"]["get"]["responses"][200]["content"]["application/json"];

const CUSTOMER_PARAM = "customerId";
const MONTH_PARAM = "month";
const STATUSES = ["not_paid", "paid", "revoked", "refunded"] as const;

export default function StatementsPage() {
  const { t, i18n } = useTranslation("staffStatements");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const customerId = searchParams.get(CUSTOMER_PARAM);
  const requestedMonth = searchParams.get(MONTH_PARAM);
  const month = isMonth(requestedMonth) ? requestedMonth : lastMonth(new Date());
  const [marked, setMarked] = useState<{ count: number; month: string } | null>(null);

  const statement = useQuery({
    queryKey: statementKey(customerId ?? "", month),
    queryFn: () =>
      unwrap(
        api.GET("/api/staff/customers/{customerId}/statements/{month}", {
          params: { path: { customerId: customerId ?? "", month } },
        }),
      ),
    enabled: customerId !== null,
  });

  const setParam = (name: string, value: string | null) => {
    setMarked(null);
    setSearchParams((current) => {
      const next = new URLSearchParams(current);
      if (value) next.set(name, value);
      else next.delete(name);
      return next;
    });
  };

  const months = recentMonths(new Date());
  if (!months.includes(month)) months.push(month);

  return (
    <>
      <PageHeader title={t("title")} description={t("description")} />
      <Stack gap="md">
        <Group align="flex-end" gap="md" wrap="wrap">
          <CustomerPicker
            value={customerId}
            onChange={(customer) => setParam(CUSTOMER_PARAM, customer?.id ?? null)}
            w={{ base: "100%", sm: 360 }}
          />
          <Select
            label={t("month")}
            data={months.map((value) => ({ value, label: monthLabel(value, language) }))}
            value={month}
            onChange={(value) => setParam(MONTH_PARAM, value)}
            allowDeselect={false}
            w={{ base: "100%", sm: 220 }}
            data-testid="statement-month"
          />
        </Group>
        {marked && (
          <Alert color="green" role="status" withCloseButton onClose={() => setMarked(null)}>
            {t("markPaid.done", { count: marked.count, month: monthLabel(marked.month, language) })}
          </Alert>
        )}
        {customerId === null ? (
          <Empty>{t("pickCustomer")}</Empty>
        ) : (
          <QueryState query={statement}>
            {(data) => (
              <Statement
                statement={data}
                language={language}
                onMarked={(count) => setMarked({ count, month: data.month })}
              />
            )}
          </QueryState>
        )}
      </Stack>
    </>
  );
}

function Statement({
  statement,
  language,
  onMarked,
}: {
  statement: StatementResponse;
  language: Language;
  onMarked: (count: number) => void;
}) {
  const { t } = useTranslation("staffStatements");
  const [confirming, setConfirming] = useState(false);
  const queryClient = useQueryClient();
  const { customer, totals, lines, statusCounts } = statement;
  const label = monthLabel(statement.month, language);

  const markPaid = useMutation({
    mutationFn: () =>
      unwrap(
        api.POST("/api/staff/executions/mark-paid", {
          body: { customerId: customer.id, from: statement.period.from, to: statement.period.to },
        }),
      ),
    onSuccess: async ({ count }) => {
      setConfirming(false);
      onMarked(count);
      await queryClient.invalidateQueries({ queryKey: statementKey(customer.id, statement.month) });
    },
  });

  const money = (amounts: { currency: string; amount: string }[]) =>
    amounts.length === 0
      ? formatMoney("0", "EUR", language)
      : amounts.map((cost) => formatMoney(cost.amount, cost.currency, language)).join(" · ");

  return (
    <Stack gap="md">
      <Card withBorder padding="lg">
        <Group justify="space-between" align="flex-start" wrap="wrap" gap="md">
          <Stack gap={2}>
            <Title order={2} size="h3">
              {t("heading", { month: label })}
            </Title>
            <Text fw={600}>
              {customer.name}
              {customer.customerNumber && ` · ${t("customerNumber", { number: customer.customerNumber })}`}
            </Text>
            <Address address={customer.billingAddress} />
            <Text size="sm" c="dimmed">
              {t("period", {
                from: formatDay(`${statement.month}-01`, language),
                to: formatDay(endOfMonth(`${statement.month}-01`), language),
              })}
            </Text>
          </Stack>
          <Group gap="xs" wrap="wrap">
            <Button
              component="a"
              href={statementDownloadUrl(customer.id, statement.month, "csv")}
              download
              variant="default"
              data-testid="download-csv"
            >
              {t("download.csv")}
            </Button>
            <Button
              component="a"
              href={statementDownloadUrl(customer.id, statement.month, "pdf")}
              download
              variant="default"
              data-testid="download-pdf"
            >
              {t("download.pdf")}
            </Button>
            <Button
              onClick={() => setConfirming(true)}
              disabled={statusCounts.not_paid === 0}
              data-testid="mark-paid"
            >
              {t("markPaid.action")}
            </Button>
          </Group>
        </Group>
      </Card>

      <SimpleGrid cols={{ base: 2, md: 5 }} spacing="md" data-testid="statement-totals">
        <Figure label={t("columns.executions")} value={formatNumber(totals.executions, language)} />
        <Figure label={t("columns.timeSaved")} value={formatDuration(totals.timeSavedSeconds, language)} />
        <Figure label={t("columns.covered")} value={formatDuration(totals.coveredSeconds, language)} />
        <Figure label={t("columns.billed")} value={formatDuration(totals.billedSeconds, language)} />
        <Figure label={t("columns.amount")} value={money(totals.amounts)} testId="statement-amount" />
      </SimpleGrid>

      <Card withBorder padding={0}>
        {lines.length === 0 ? (
          <Empty>{t("empty")}</Empty>
        ) : (
          <Table.ScrollContainer minWidth={760}>
            <Table striped verticalSpacing="xs" data-testid="statement-lines">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t("columns.program")}</Table.Th>
                  <Table.Th ta="right">{t("columns.executions")}</Table.Th>
                  <Table.Th ta="right">{t("columns.timeSaved")}</Table.Th>
                  <Table.Th ta="right">{t("columns.covered")}</Table.Th>
                  <Table.Th ta="right">{t("columns.billed")}</Table.Th>
                  <Table.Th ta="right">{t("columns.amount")}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {lines.map((line) => (
                  <Table.Tr key={`${line.customerProgramId}:${line.currency}`}>
                    <Table.Td>{line.programName}</Table.Td>
                    <Table.Td ta="right">{formatNumber(line.executions, language)}</Table.Td>
                    <Table.Td ta="right">{formatDuration(line.timeSavedSeconds, language)}</Table.Td>
                    <Table.Td ta="right">{formatDuration(line.coveredSeconds, language)}</Table.Td>
                    <Table.Td ta="right">{formatDuration(line.billedSeconds, language)}</Table.Td>
                    <Table.Td ta="right">{formatMoney(line.amount, line.currency, language)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
              <Table.Tfoot>
                <Table.Tr fw={700}>
                  <Table.Td>{t("total")}</Table.Td>
                  <Table.Td ta="right">{formatNumber(totals.executions, language)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(totals.timeSavedSeconds, language)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(totals.coveredSeconds, language)}</Table.Td>
                  <Table.Td ta="right">{formatDuration(totals.billedSeconds, language)}</Table.Td>
                  <Table.Td ta="right">{money(totals.amounts)}</Table.Td>
                </Table.Tr>
              </Table.Tfoot>
            </Table>
          </Table.ScrollContainer>
        )}
      </Card>

      <Stack gap={4}>
        <Group gap="xs" wrap="wrap" data-testid="statement-statuses">
          {STATUSES.map((status) => (
            <Badge
              key={status}
              variant="light"
              color={status === "paid" ? "green" : status === "not_paid" ? "blue" : "gray"}
            >
              {t(`status.${status}`, { count: statusCounts[status] ?? 0 })}
            </Badge>
          ))}
        </Group>
        <Text size="sm" c="dimmed">
          {t("rule")}
        </Text>
      </Stack>

      <ConfirmDialog
        opened={confirming}
        title={t("markPaid.title")}
        confirmLabel={t("markPaid.confirm")}
        onConfirm={() => markPaid.mutate()}
        onClose={() => {
          markPaid.reset();
          setConfirming(false);
        }}
        pending={markPaid.isPending}
        error={markPaid.error}
      >
        {t("markPaid.question", {
          count: statusCounts.not_paid ?? 0,
          customer: customer.name,
          month: label,
        })}
      </ConfirmDialog>
    </Stack>
  );
}

function Figure({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <Card withBorder padding="md">
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text fw={700} size="lg" data-testid={testId}>
        {value}
      </Text>
    </Card>
  );
}

function Address({ address }: { address: StatementResponse["customer"]["billingAddress"] }) {
  const { t } = useTranslation("staffStatements");
  if (!address) {
    return (
      <Text size="sm" c="dimmed">
        {t("noAddress")}
      </Text>
    );
  }
  const lines = [
    address.addressedTo,
    [address.street, address.houseNumber].filter(Boolean).join(" "),
    [address.postalCode, address.town].filter(Boolean).join(" "),
    address.country,
  ].filter((line): line is string => Boolean(line));
  return (
    <Text size="sm" style={{ whiteSpace: "pre-line" }}>
      {lines.join("\n")}
    </Text>
  );
}
