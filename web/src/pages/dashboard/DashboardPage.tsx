/**
 * The dashboard of a customer (SPEC §9): key figures with their change against the period before,
 * time saved and cost per day or month, and figures per program, for a period kept in the URL.
 * Summary, series and programs are three requests made at once; each widget loads, fails and shows
 * its empty state on its own.
 */
import "@mantine/charts/styles.css";
import { Alert, Stack } from "@mantine/core";
import { useMemo } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { KpiCards } from "./KpiCards";
import { PeriodControl } from "./PeriodControl";
import { ProgramsPanel } from "./ProgramsPanel";
import { granularityOf, periodFromQuery } from "./period";
import { usePrograms, useSeries, useSummary } from "./queries";
import { SeriesCharts } from "./SeriesCharts";

export default function DashboardPage() {
  const { t } = useTranslation("dashboard");
  const customer = useCustomer();
  const [searchParams] = useSearchParams();
  const search = searchParams.toString();
  // "Today" is read when the period changes, not on every render.
  // biome-ignore lint/correctness/useExhaustiveDependencies: search stands for searchParams
  const { rejected, ...period } = useMemo(() => periodFromQuery(searchParams, new Date()), [search]);
  const range = { from: period.from, to: period.to };
  const granularity = granularityOf(range);

  const summary = useSummary(customer.id, range);
  const series = useSeries(customer.id, range, granularity);
  const programs = usePrograms(customer.id, range);

  const nothingYet =
    summary.data !== undefined &&
    !summary.isPlaceholderData &&
    summary.data.current.executions === 0 &&
    summary.data.previous.executions === 0;

  return (
    <>
      <PageHeader title={t("title")} description={t("description", { customer: customer.name })} />
      <PeriodControl period={period} rejected={rejected} />
      <Stack gap="lg">
        {nothingYet && (
          <Alert variant="light" color="blue" title={t("welcome.title")} data-testid="dashboard-empty">
            {t("welcome.text")}
          </Alert>
        )}
        <KpiCards query={summary} />
        <SeriesCharts query={series} />
        <ProgramsPanel query={programs} />
      </Stack>
    </>
  );
}
