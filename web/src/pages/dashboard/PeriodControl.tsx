/**
 * Choosing the dashboard's period: four presets and a custom range of two days. The choice lives in
 * the URL (see period.ts); a custom range is only asked for once both days are valid.
 */
import { Alert, Button, Group, NativeSelect, SegmentedControl, Stack, Text, TextInput } from "@mantine/core";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { formatDay } from "../../lib/format";
import { useLanguage } from "./language";
import {
  type Period,
  type PeriodKind,
  PRESETS,
  previousPeriod,
  queryOfPeriod,
  type RangeProblem,
  rangeProblems,
} from "./period";

const KINDS: readonly PeriodKind[] = [...PRESETS, "custom"];

export function PeriodControl({ period, rejected }: { period: Period; rejected: boolean }) {
  const { t } = useTranslation("dashboard");
  const language = useLanguage();
  const [, setSearchParams] = useSearchParams();
  const [selected, setSelected] = useState<PeriodKind>(period.kind);
  const [from, setFrom] = useState(period.from);
  const [to, setTo] = useState(period.to);
  const [problems, setProblems] = useState<{ from?: RangeProblem; to?: RangeProblem }>({});

  // A link or the back button changes the period from outside: follow it.
  useEffect(() => {
    setSelected(period.kind);
    setFrom(period.from);
    setTo(period.to);
    setProblems({});
  }, [period.kind, period.from, period.to]);

  const choose = (value: string) => {
    const kind = value as PeriodKind;
    setSelected(kind);
    if (kind !== "custom") setSearchParams(queryOfPeriod({ kind }));
  };

  const apply = (event: FormEvent) => {
    event.preventDefault();
    const found = rangeProblems(from, to);
    setProblems(found);
    if (!found.from && !found.to) setSearchParams(queryOfPeriod({ kind: "custom", from, to }));
  };

  const options = KINDS.map((kind) => ({ value: kind, label: t(`period.${kind}`) }));
  const before = previousPeriod(period);
  return (
    <Stack gap="xs" mb="lg">
      <SegmentedControl
        visibleFrom="md"
        data={options}
        value={selected}
        onChange={choose}
        aria-label={t("period.label")}
        data-testid="period-control"
        style={{ alignSelf: "flex-start" }}
      />
      <NativeSelect
        hiddenFrom="md"
        label={t("period.label")}
        data={options}
        value={selected}
        onChange={(event) => choose(event.currentTarget.value)}
      />
      {selected === "custom" && (
        <form onSubmit={apply} noValidate aria-label={t("period.custom")}>
          <Group align="flex-start" gap="sm" wrap="wrap">
            <TextInput
              type="date"
              label={t("period.from")}
              value={from}
              onChange={(event) => setFrom(event.currentTarget.value)}
              error={problems.from ? t(`period.problems.${problems.from}`) : undefined}
              w={{ base: "100%", xs: 180 }}
              data-testid="period-from"
            />
            <TextInput
              type="date"
              label={t("period.to")}
              value={to}
              onChange={(event) => setTo(event.currentTarget.value)}
              error={problems.to ? t(`period.problems.${problems.to}`) : undefined}
              w={{ base: "100%", xs: 180 }}
              data-testid="period-to"
            />
            <Button type="submit" mt={{ base: 0, xs: 25 }} w={{ base: "100%", xs: "auto" }}>
              {t("period.apply")}
            </Button>
          </Group>
        </form>
      )}
      <Text size="sm" c="dimmed" data-testid="period-range">
        {t("period.range", { from: formatDay(period.from, language), to: formatDay(period.to, language) })}
        {" · "}
        {t("period.comparedWith", {
          from: formatDay(before.from, language),
          to: formatDay(before.to, language),
        })}
      </Text>
      {rejected && (
        <Alert color="yellow" variant="light" role="status">
          {t("period.rejected")}
        </Alert>
      )}
    </Stack>
  );
}
