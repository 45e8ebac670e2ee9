/** The staff executions table: one row per execution across customers, with its delete action. */
import { Button, Table, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDateTime, formatDuration, formatMoney, type Language } from "../../../lib/format";
import { StatusBadge } from "../../executions/ExecutionsTable";
import { formatRate, type StaffExecution } from "./model";

const nowrap = { whiteSpace: "nowrap" } as const;

export function StaffExecutionsTable({
  items,
  language,
  onDelete,
}: {
  items: StaffExecution[];
  language: Language;
  onDelete: (execution: StaffExecution) => void;
}) {
  const { t } = useTranslation("staffExecutions");
  return (
    <Table.ScrollContainer minWidth={1080}>
      <Table
        striped
        highlightOnHover
        verticalSpacing="xs"
        aria-label={t("table.caption")}
        data-testid="executions-table"
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t("table.created")}</Table.Th>
            <Table.Th>{t("table.customer")}</Table.Th>
            <Table.Th>{t("table.program")}</Table.Th>
            <Table.Th ta="right">{t("table.timeSaved")}</Table.Th>
            <Table.Th ta="right">{t("table.covered")}</Table.Th>
            <Table.Th ta="right">{t("table.billed")}</Table.Th>
            <Table.Th ta="right">{t("table.rate")}</Table.Th>
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
                <Table.Td style={nowrap}>{created}</Table.Td>
                <Table.Td>{item.customerName}</Table.Td>
                <Table.Td>{item.programName}</Table.Td>
                <Table.Td ta="right" style={nowrap}>
                  {formatDuration(item.timeSavedSeconds, language)}
                </Table.Td>
                <Table.Td ta="right" style={nowrap}>
                  {formatDuration(item.coveredSeconds, language)}
                </Table.Td>
                <Table.Td ta="right" style={nowrap}>
                  {formatDuration(item.billedSeconds, language)}
                </Table.Td>
                <Table.Td ta="right" style={nowrap}>
                  {formatRate(item.pricePerSecond, item.currency, language, t("table.perSecond"))}
                </Table.Td>
                <Table.Td ta="right" style={nowrap}>
                  {formatMoney(item.price, item.currency, language)}
                </Table.Td>
                <Table.Td style={nowrap}>
                  <StatusBadge status={item.paymentStatus} />
                </Table.Td>
                <Table.Td ta="right">
                  <Button
                    size="compact-sm"
                    variant="subtle"
                    color="red"
                    onClick={() => onDelete(item)}
                    aria-label={t("table.deleteLabel", {
                      date: created,
                      customer: item.customerName,
                      program: item.programName,
                    })}
                    data-testid="delete-execution"
                  >
                    {t("table.delete")}
                  </Button>
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
