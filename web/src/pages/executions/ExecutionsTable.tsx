/**
 * The executions of the filter as a table, newest first, with a totals row from the API's totals
 * (the whole selection, not only the rows loaded; revoked executions left out unless asked for).
 */
import { Badge, Button, Table, Text, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration, formatMoney, type Language } from "../../lib/format";
import type { PaymentStatus } from "./filters";
import type { ListedExecution, Totals } from "./model";

const STATUS_COLORS: Record<PaymentStatus, string> = {
  not_paid: "yellow",
  paid: "green",
  refunded: "teal",
  revoked: "red",
};

export function StatusBadge({ status }: { status: PaymentStatus }) {
  const { t } = useTranslation();
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      tt="none"
      styles={{ root: { overflow: "visible" }, label: { overflow: "visible" } }}
      data-testid="status-badge"
    >
      {t(`status.${status}`)}
    </Badge>
  );
}

export function ExecutionsTable({
  items,
  totals,
  onlyRevoked,
  language,
  onComplain,
  onOpenComplaint,
}: {
  items: ListedExecution[];
  totals: Totals;
  onlyRevoked: boolean;
  language: Language;
  onComplain: (execution: ListedExecution) => void;
  /** Opens the complaint that revoked the execution. */
  onOpenComplaint: (execution: ListedExecution) => void;
}) {
  const { t } = useTranslation("executions");
  const costs = totals.costs.length
    ? totals.costs.map((cost) => formatMoney(cost.amount, cost.currency, language)).join(" · ")
    : t("totals.none");

  return (
    <Table.ScrollContainer minWidth={880}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        data-testid="executions-table"
        aria-label={t("table.caption")}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("table.created")}</Table.Th>
            <Table.Th>{t("table.program")}</Table.Th>
            <Table.Th ta="right">{t("table.timeSaved")}</Table.Th>
            <Table.Th ta="right">{t("table.coverage")}</Table.Th>
            <Table.Th ta="right">{t("table.price")}</Table.Th>
            <Table.Th>{t("table.status")}</Table.Th>
            <Table.Th>
              <VisuallyHidden>{t("table.actions")}</VisuallyHidden>
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((item) => {
            const created = formatDateTime(item.createdAt, language);
            return (
              <Table.Tr key={item.id} data-testid="execution-row" data-execution-id={item.id}>
                <Table.Td style={{ whiteSpace: "nowrap" }}>{created}</Table.Td>
                <Table.Td>{item.programName}</Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {formatDuration(item.timeSavedSeconds, language)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {t("table.coverageValue", {
                    covered: formatDuration(item.coveredSeconds, language),
                    billed: formatDuration(item.billedSeconds, language),
                  })}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                  {formatMoney(item.price, item.currency, language)}
                </Table.Td>
                <Table.Td style={{ whiteSpace: "nowrap" }}>
                  <StatusBadge status={item.paymentStatus} />
                </Table.Td>
                <Table.Td ta="right">
                  {item.paymentStatus === "not_paid" && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      color="red"
                      onClick={() => onComplain(item)}
                      aria-label={t("table.complainLabel", { date: created, program: item.programName })}
                      data-testid="complain"
                    >
                      {t("table.complain")}
                    </Button>
                  )}
                  {item.paymentStatus === "revoked" && (
                    <Button
                      size="compact-sm"
                      variant="subtle"
                      onClick={() => onOpenComplaint(item)}
                      aria-label={t("table.complaintLabel", { date: created, program: item.programName })}
                      data-testid="open-complaint"
                    >
                      {t("table.complaint")}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr data-testid="totals-row" style={{ fontWeight: 600 }}>
            <Table.Th colSpan={2}>
              {t("totals.label")}{" "}
              <Text span size="sm" c="dimmed" fw={400}>
                ({t("totals.count", { count: totals.executions })},{" "}
                {onlyRevoked ? t("totals.onlyRevoked") : t("totals.withoutRevoked")})
              </Text>
            </Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: "nowrap" }} data-testid="totals-time">
              {formatDuration(totals.timeSavedSeconds, language)}
            </Table.Th>
            <Table.Th />
            <Table.Th ta="right" style={{ whiteSpace: "nowrap" }} data-testid="totals-price">
              {costs}
            </Table.Th>
            <Table.Th colSpan={2} />
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
}
