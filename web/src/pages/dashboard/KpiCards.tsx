/**
 * The dashboard's key figures: time saved, executions, costs (with what time accounts covered) and,
 * for those who may see time accounts, the prepaid balance, each with its change against the
 * period before.
 */
import {
  ColorSwatch,
  Group,
  Paper,
  Progress,
  SimpleGrid,
  Skeleton,
  Stack,
  Text,
  ThemeIcon,
} from "@mantine/core";
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import { formatDuration, formatMoney, formatNumber } from "../../lib/format";
import { changeView, coveredPercent, keepUnits } from "./chart-data";
import { ActivityIcon, ClockIcon, CoinsIcon, WalletIcon } from "./icons";
import { useLanguage } from "./language";
import type { Summary } from "./queries";
import { WidgetError } from "./WidgetError";

const TONE_COLOR = { good: "teal.7", bad: "red.7", neutral: "dimmed" } as const;

/** `▲ +12,5 % gegenüber Vorperiode`; the arrow is decoration, the words say it all. */
export function Change({
  percent,
  higherIsBetter = true,
  prefix,
}: {
  percent: number | null;
  higherIsBetter?: boolean;
  prefix?: string;
}) {
  const { t } = useTranslation("dashboard");
  const language = useLanguage();
  const view = changeView(percent, language, higherIsBetter);
  if (view.text === null) {
    return (
      <Text size="xs" c="dimmed" data-testid="change">
        {prefix ? `${prefix}: ` : ""}
        {t("change.none")}
      </Text>
    );
  }
  const arrow = view.direction === "up" ? "▲" : view.direction === "down" ? "▼" : "■";
  return (
    <Text size="xs" data-testid="change">
      {prefix ? `${prefix}: ` : ""}
      <Text span fw={600} c={TONE_COLOR[view.tone]}>
        <span aria-hidden="true">{arrow} </span>
        {view.text}
      </Text>{" "}
      <Text span c="dimmed">
        {t("change.vsPrevious")}
      </Text>
    </Text>
  );
}

function KpiCard({
  label,
  icon,
  color,
  children,
  testId,
}: {
  label: string;
  icon: ReactNode;
  color: string;
  children: ReactNode;
  testId: string;
}) {
  return (
    <Paper withBorder radius="md" p="md" component="section" aria-label={label} data-testid={testId}>
      <Group justify="space-between" align="flex-start" wrap="nowrap" mb="xs">
        <Text size="sm" c="dimmed" fw={600}>
          {label}
        </Text>
        <ThemeIcon variant="light" color={color} radius="md" size="lg">
          {icon}
        </ThemeIcon>
      </Group>
      <Stack gap={6}>{children}</Stack>
    </Paper>
  );
}

function Value({ children }: { children: ReactNode }) {
  return (
    <Text fz={{ base: 24, lg: 22, xl: 26 }} fw={700} lh={1.25} data-testid="value">
      {children}
    </Text>
  );
}

/** One part of the saved time, with the colour of its section of the bar above. */
function Share({ color, label, children }: { color: string; label: string; children: ReactNode }) {
  return (
    <Group gap={8} wrap="nowrap" align="baseline">
      <ColorSwatch
        color={`var(--mantine-color-${color})`}
        size={8}
        withShadow={false}
        style={{ flex: "none" }}
      />
      <Text size="xs" lh={1.35}>
        <Text span size="xs" c="dimmed">
          {label}
        </Text>{" "}
        <Text span size="xs" fw={500} style={{ whiteSpace: "nowrap" }}>
          {children}
        </Text>
      </Text>
    </Group>
  );
}

function KpiSkeleton() {
  return (
    <Paper withBorder radius="md" p="md">
      <Skeleton height={14} width="50%" mb="md" />
      <Skeleton height={28} width="80%" mb="sm" />
      <Skeleton height={12} width="60%" />
    </Paper>
  );
}

export function KpiCards({
  query,
}: {
  query: {
    data: Summary | undefined;
    error: unknown;
    isPending: boolean;
    isPlaceholderData: boolean;
    refetch: () => unknown;
  };
}) {
  const { t } = useTranslation("dashboard");
  const language = useLanguage();
  if (query.error && !query.data)
    return <WidgetError error={query.error} title={t("error.summary")} onRetry={query.refetch} />;
  const summary = query.data;
  const prepaid = summary?.prepaidBalanceSeconds ?? null;
  const columns = prepaid === null ? 3 : 4;
  if (!summary) {
    return (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} aria-busy="true">
        <KpiSkeleton />
        <KpiSkeleton />
        <KpiSkeleton />
      </SimpleGrid>
    );
  }
  const { current, change } = summary;
  const multiCurrency = current.costs.length > 1 || change.costs.length > 1;
  const covered = coveredPercent(current);
  return (
    <SimpleGrid
      cols={{ base: 1, sm: 2, lg: columns }}
      style={{ opacity: query.isPlaceholderData ? 0.6 : 1, transition: "opacity 150ms" }}
      aria-busy={query.isPlaceholderData}
    >
      <KpiCard label={t("kpi.timeSaved")} icon={<ClockIcon />} color="teal" testId="kpi-time-saved">
        <Value>{keepUnits(formatDuration(current.timeSavedSeconds, language))}</Value>
        <Change percent={change.timeSavedSeconds} />
      </KpiCard>
      <KpiCard label={t("kpi.executions")} icon={<ActivityIcon />} color="blue" testId="kpi-executions">
        <Value>{formatNumber(current.executions, language)}</Value>
        <Change percent={change.executions} />
      </KpiCard>
      <KpiCard label={t("kpi.costs")} icon={<CoinsIcon />} color="indigo" testId="kpi-costs">
        {current.costs.length === 0 ? (
          <Value>{formatMoney("0", "EUR", language)}</Value>
        ) : (
          current.costs.map((cost) => (
            <Value key={cost.currency}>{formatMoney(cost.amount, cost.currency, language)}</Value>
          ))
        )}
        {change.costs.length === 0 ? (
          <Change percent={null} />
        ) : (
          change.costs.map((entry) => (
            <Change
              key={entry.currency}
              percent={entry.percent}
              higherIsBetter={false}
              prefix={multiCurrency ? entry.currency : undefined}
            />
          ))
        )}
        {current.timeSavedSeconds > 0 && (
          <Stack gap={4} mt={4}>
            <Progress.Root size="sm" aria-hidden="true">
              <Progress.Section value={covered} color="teal" />
              <Progress.Section value={100 - covered} color="indigo.3" />
            </Progress.Root>
            <Stack gap={2} data-testid="coverage">
              <Share color="teal-6" label={t("kpi.covered")}>
                {keepUnits(formatDuration(current.coveredSeconds, language))}
              </Share>
              <Share color="indigo-3" label={t("kpi.billed")}>
                {keepUnits(formatDuration(current.billedSeconds, language))}
              </Share>
            </Stack>
          </Stack>
        )}
      </KpiCard>
      {prepaid !== null && (
        <KpiCard label={t("kpi.prepaid")} icon={<WalletIcon />} color="grape" testId="kpi-prepaid">
          <Value>{keepUnits(formatDuration(prepaid, language))}</Value>
          <Text size="xs" c="dimmed">
            {t("kpi.prepaidHint")}
          </Text>
        </KpiCard>
      )}
    </SimpleGrid>
  );
}
