/**
 * Time saved and cost per day (or per month for long periods), as bar charts. Each chart carries a
 * text summary for screen readers (total and the busiest day), since bars cannot be read aloud.
 */
import { BarChart } from "@mantine/charts";
import { Center, Paper, SimpleGrid, Skeleton, Stack, Text, Title, VisuallyHidden } from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDuration, formatMoney, formatNumber } from "../../lib/format";
import {
  chartRows,
  formatAxisMoney,
  formatHours,
  isEmptySeries,
  peakOf,
  periodLongLabel,
  sumCosts,
} from "./chart-data";
import { EmptyChartIcon } from "./icons";
import { useLanguage } from "./language";
import type { Series } from "./queries";
import { WidgetError } from "./WidgetError";

const CURRENCY_COLORS = ["indigo.6", "cyan.6", "grape.6", "orange.6"];
const CHART_HEIGHT = 240;

export function ChartCard({
  title,
  children,
  testId,
}: {
  title: string;
  children: ReactNode;
  testId?: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={title} data-testid={testId}>
      <Title order={2} size="h4" mb="md">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

/**
 * A chart with its text alternative as the figure's caption (read by screen readers, not shown);
 * the chart itself stays keyboard-explorable (recharts' accessibility layer).
 */
function Figure({ summary, children }: { summary: string; children: ReactNode }) {
  return (
    <figure style={{ margin: 0 }}>
      <VisuallyHidden component="figcaption" data-testid="chart-summary">
        {summary}
      </VisuallyHidden>
      {children}
    </figure>
  );
}

export function ChartEmpty({ title, text }: { title: string; text: string }) {
  return (
    <Center mih={CHART_HEIGHT} data-testid="chart-empty">
      <Stack align="center" gap={6} maw={320}>
        <Text c="gray.4">
          <EmptyChartIcon />
        </Text>
        <Text fw={600} ta="center">
          {title}
        </Text>
        <Text size="sm" c="dimmed" ta="center">
          {text}
        </Text>
      </Stack>
    </Center>
  );
}

export function SeriesCharts({
  query,
}: {
  query: { data: Series | undefined; error: unknown; isPlaceholderData: boolean; refetch: () => unknown };
}) {
  const { t } = useTranslation("dashboard");
  const language = useLanguage();
  const series = query.data;
  const timeTitle = t(series?.granularity === "month" ? "charts.timePerMonth" : "charts.timePerDay");
  const costTitle = t(series?.granularity === "month" ? "charts.costPerMonth" : "charts.costPerDay");

  if (query.error && !series)
    return <WidgetError error={query.error} title={t("error.series")} onRetry={query.refetch} />;
  if (!series) {
    return (
      <SimpleGrid cols={{ base: 1, lg: 2 }} aria-busy="true">
        <Skeleton height={CHART_HEIGHT + 60} radius="md" />
        <Skeleton height={CHART_HEIGHT + 60} radius="md" />
      </SimpleGrid>
    );
  }

  const points = series.points;
  const granularity = series.granularity;
  const first = points[0]?.period ?? "";
  const last = points.at(-1)?.period ?? "";
  const range = {
    from: periodLongLabel(first, granularity, language),
    to: periodLongLabel(last, granularity, language),
  };
  const empty = isEmptySeries(points);
  const emptyView = <ChartEmpty title={t("charts.emptyTitle")} text={t("charts.emptyText")} />;
  const { rows, currencies } = chartRows(points, granularity, language);
  const totalSeconds = points.reduce((sum, point) => sum + point.timeSavedSeconds, 0);
  const peak = peakOf(points);
  const timeSummary = [
    t("charts.timeSummary", { ...range, total: formatDuration(totalSeconds, language) }),
    peak
      ? t("charts.peak", {
          period: periodLongLabel(peak.period, granularity, language),
          value: formatDuration(peak.timeSavedSeconds, language),
        })
      : "",
  ].join(" ");
  const costSummary = t("charts.costSummary", {
    ...range,
    total: sumCosts(points)
      .map((cost) => formatMoney(cost.amount, cost.currency, language))
      .join(", "),
  });
  // One currency: its symbol on the axis. Several (stacked): plain numbers, the legend names them.
  const single = currencies.length === 1 ? currencies[0] : undefined;
  const axisMoney = (value: number) =>
    single ? formatAxisMoney(value, single, language) : formatNumber(value, language);
  const tooltipMoney = (value: number) =>
    single ? formatMoney(String(value), single, language) : formatNumber(value, language);

  return (
    <SimpleGrid
      cols={{ base: 1, lg: 2 }}
      style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: "opacity 150ms" }}
      aria-busy={query.isPlaceholderData}
    >
      <ChartCard title={timeTitle} testId="chart-time">
        {empty ? (
          emptyView
        ) : (
          <Figure summary={timeSummary}>
            <BarChart
              h={CHART_HEIGHT}
              data={rows}
              dataKey="label"
              series={[{ name: "hours", label: t("charts.hoursSeries"), color: "teal.6" }]}
              valueFormatter={(value) => formatHours(value, language)}
              gridAxis="x"
              tickLine="none"
              maxBarWidth={28}
              tooltipAnimationDuration={150}
              yAxisProps={{ width: 72, domain: [0, "auto"] }}
            />
          </Figure>
        )}
      </ChartCard>
      <ChartCard title={costTitle} testId="chart-cost">
        {empty ? (
          emptyView
        ) : (
          <Figure summary={costSummary}>
            <BarChart
              h={CHART_HEIGHT}
              data={rows}
              dataKey="label"
              type={currencies.length > 1 ? "stacked" : "default"}
              series={currencies.map((currency, index) => ({
                name: currency,
                label: currencies.length > 1 ? currency : t("charts.costSeries"),
                color: CURRENCY_COLORS[index % CURRENCY_COLORS.length],
              }))}
              valueFormatter={tooltipMoney}
              withLegend={currencies.length > 1}
              gridAxis="x"
              tickLine="none"
              maxBarWidth={28}
              tooltipAnimationDuration={150}
              yAxisProps={{ width: 72, domain: [0, "auto"], tickFormatter: axisMoney }}
            />
          </Figure>
        )}
      </ChartCard>
    </SimpleGrid>
  );
}
