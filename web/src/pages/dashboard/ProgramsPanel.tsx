/**
 * Figures per customer program: a bar chart of time saved and, as its text alternative and for the
 * exact numbers, a table (name, executions, time saved, share, cost) with the total.
 */
import { BarChart } from "@mantine/charts";
import { Badge, Grid, Group, Skeleton, Table, VisuallyHidden } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDuration, formatMoney, formatNumber, type Language } from "../../lib/format";
import { type Cost, formatHours, programBars, shortName } from "./chart-data";
import { useLanguage } from "./language";
import type { Programs } from "./queries";
import { ChartCard, ChartEmpty } from "./SeriesCharts";
import { WidgetError } from "./WidgetError";

function costText(costs: readonly Cost[], language: Language): string {
  if (costs.length === 0) return "–";
  return costs.map((cost) => formatMoney(cost.amount, cost.currency, language)).join(", ");
}

function shareText(share: number | null, language: Language): string {
  if (share === null) return "–";
  return new Intl.NumberFormat(language === "de" ? "de-DE" : "en-GB", {
    style: "percent",
    maximumFractionDigits: 1,
  }).format(share / 100);
}

export function ProgramsPanel({
  query,
}: {
  query: { data: Programs | undefined; error: unknown; isPlaceholderData: boolean; refetch: () => unknown };
}) {
  const { t } = useTranslation("dashboard");
  const language = useLanguage();
  const title = t("programs.title");
  if (query.error && !query.data)
    return <WidgetError error={query.error} title={t("error.programs")} onRetry={query.refetch} />;
  const data = query.data;
  if (!data) {
    return (
      <ChartCard title={title}>
        <Skeleton height={200} radius="md" aria-busy="true" />
      </ChartCard>
    );
  }
  if (data.items.length === 0) {
    return (
      <ChartCard title={title} testId="programs">
        <ChartEmpty title={t("programs.noneTitle")} text={t("programs.noneText")} />
      </ChartCard>
    );
  }
  const bars = programBars(data.items);
  const table = (
    <Table.ScrollContainer minWidth={520}>
      <Table striped highlightOnHover verticalSpacing="xs" data-testid="programs-table">
        <Table.Caption>
          <VisuallyHidden>{t("programs.caption")}</VisuallyHidden>
        </Table.Caption>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t("programs.name")}</Table.Th>
            <Table.Th scope="col" ta="right">
              {t("programs.executions")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("programs.timeSaved")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("programs.share")}
            </Table.Th>
            <Table.Th scope="col" ta="right">
              {t("programs.cost")}
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {data.items.map((item) => (
            <Table.Tr key={item.customerProgramId}>
              <Table.Th scope="row" fw={500}>
                <Group gap={6} wrap="nowrap">
                  <span>{item.name}</span>
                  {!item.isActive && (
                    <Badge size="xs" variant="light" color="gray">
                      {t("programs.inactive")}
                    </Badge>
                  )}
                </Group>
              </Table.Th>
              <Table.Td ta="right">{formatNumber(item.executions, language)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {formatDuration(item.timeSavedSeconds, language)}
              </Table.Td>
              <Table.Td ta="right">{shareText(item.share, language)}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: "nowrap" }}>
                {costText(item.costs, language)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        <Table.Tfoot>
          <Table.Tr>
            <Table.Th scope="row">{t("programs.total")}</Table.Th>
            <Table.Th ta="right">{formatNumber(data.total.executions, language)}</Table.Th>
            <Table.Th ta="right" style={{ whiteSpace: "nowrap" }}>
              {formatDuration(data.total.timeSavedSeconds, language)}
            </Table.Th>
            <Table.Th />
            <Table.Th ta="right" style={{ whiteSpace: "nowrap" }}>
              {costText(data.total.costs, language)}
            </Table.Th>
          </Table.Tr>
        </Table.Tfoot>
      </Table>
    </Table.ScrollContainer>
  );
  // Without any time saved a chart would be empty: the table alone says it.
  if (bars.length === 0) {
    return (
      <ChartCard title={title} testId="programs">
        {table}
      </ChartCard>
    );
  }
  return (
    <ChartCard title={title} testId="programs">
      <Grid
        gap="lg"
        style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: "opacity 150ms" }}
        aria-busy={query.isPlaceholderData}
      >
        <Grid.Col span={{ base: 12, xl: 5 }}>
          {/* The table next to it says the same in words and numbers. */}
          <div aria-hidden="true">
            <BarChart
              h={Math.max(160, bars.length * 44 + 40)}
              data={bars}
              dataKey="name"
              orientation="vertical"
              series={[{ name: "hours", label: t("charts.hoursSeries"), color: "teal.6" }]}
              valueFormatter={(value) => formatHours(value, language)}
              gridAxis="y"
              tickLine="none"
              maxBarWidth={24}
              yAxisProps={{ width: 140, tickFormatter: (name: string) => shortName(name, 22) }}
              tooltipAnimationDuration={150}
              accessibilityLayer={false}
            />
          </div>
        </Grid.Col>
        <Grid.Col span={{ base: 12, xl: 7 }}>{table}</Grid.Col>
      </Grid>
    </ChartCard>
  );
}
