/**
 * The staff executions table: one row per execution across customers, with its delete action; on
 * narrow screens one card per execution instead, so nothing needs sideways scrolling.
 */
import { Button, Group, Paper, SimpleGrid, Stack, Table, Text, VisuallyHidden } from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
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
  const narrow = useMediaQuery("(max-width: 48em)", false, { getInitialValueInEffect: false });
  if (narrow) {
    return (
      <Stack gap="sm" data-testid="executions-table">
        {items.map((item) => (
          <ExecutionCard key={item.id} item={item} language={language} onDelete={() => onDelete(item)} />
        ))}
      </Stack>
    );
  }
  return (
    <Table.ScrollContainer minWidth={900}>
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
            <Table.Th>{t("table.customerProgram")}</Table.Th>
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
                <Table.Td>
                  <Text size="sm">{item.customerName}</Text>
                  <Text size="xs" c="dimmed">
                    {item.programName}
                  </Text>
                </Table.Td>
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

function ExecutionCard({
  item,
  language,
  onDelete,
}: {
  item: StaffExecution;
  language: Language;
  onDelete: () => void;
}) {
  const { t } = useTranslation("staffExecutions");
  const created = formatDateTime(item.createdAt, language);
  const figures: [string, string][] = [
    [t("table.timeSaved"), formatDuration(item.timeSavedSeconds, language)],
    [t("table.covered"), formatDuration(item.coveredSeconds, language)],
    [t("table.billed"), formatDuration(item.billedSeconds, language)],
    [t("table.rate"), formatRate(item.pricePerSecond, item.currency, language, t("table.perSecond"))],
    [t("table.price"), formatMoney(item.price, item.currency, language)],
  ];
  return (
    <Paper withBorder p="sm" component="article" data-testid="execution-row" data-execution-id={item.id}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap">
          <Text size="sm" fw={600}>
            {created}
          </Text>
          <StatusBadge status={item.paymentStatus} />
        </Group>
        <Text size="sm" style={{ overflowWrap: "anywhere" }}>
          {item.customerName} · {item.programName}
        </Text>
        <SimpleGrid cols={2} spacing={4} verticalSpacing={2} component="dl" m={0}>
          {figures.map(([label, value]) => (
            <Stack key={label} gap={0}>
              <Text component="dt" size="xs" c="dimmed">
                {label}
              </Text>
              <Text component="dd" size="sm" m={0}>
                {value}
              </Text>
            </Stack>
          ))}
        </SimpleGrid>
        <Button
          size="compact-sm"
          variant="subtle"
          color="red"
          onClick={onDelete}
          style={{ alignSelf: "flex-end" }}
          aria-label={t("table.deleteLabel", {
            date: created,
            customer: item.customerName,
            program: item.programName,
          })}
          data-testid="delete-execution"
        >
          {t("table.delete")}
        </Button>
      </Stack>
    </Paper>
  );
}
