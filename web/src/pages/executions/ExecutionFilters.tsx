/**
 * The executions page's filters: the period as segmented pills (with two date fields for a custom
 * range), the program and the status. Every change goes straight into the URL query.
 */
import {
  Group,
  ScrollArea,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from "@mantine/core";
import { useTranslation } from "react-i18next";
import {
  type ExecutionFilter,
  type ListPeriod,
  localDay,
  type PaymentStatus,
  PERIODS,
  type RangeProblem,
  STATUSES,
  withPeriod,
} from "./filters";
import type { FilterProgram } from "./model";

export function ExecutionFilters({
  filter,
  onChange,
  programs,
  programsLoading,
  problem,
}: {
  filter: ExecutionFilter;
  onChange: (filter: ExecutionFilter) => void;
  programs: FilterProgram[];
  programsLoading: boolean;
  problem: RangeProblem | null;
}) {
  const { t } = useTranslation("executions");
  const { t: common } = useTranslation();
  const programOptions = [
    { value: "", label: t("filters.allPrograms") },
    ...programs.map((program) => ({
      value: program.id,
      label: program.isActive ? program.name : t("filters.inactiveProgram", { name: program.name }),
    })),
  ];
  // A program from a shared link that this customer does not have stays selectable, so the
  // server's answer (not found) explains the empty list.
  if (filter.program && !programs.some((program) => program.id === filter.program) && !programsLoading) {
    programOptions.push({ value: filter.program, label: filter.program });
  }
  const statusOptions = [
    { value: "", label: t("filters.allStatuses") },
    ...STATUSES.map((status) => ({ value: status, label: common(`status.${status}`) })),
  ];

  return (
    <Stack gap="sm" role="search" aria-label={t("filters.label")}>
      <ScrollArea type="auto" offsetScrollbars scrollbarSize={6}>
        <SegmentedControl
          aria-label={t("filters.period")}
          data-testid="period-filter"
          value={filter.period}
          onChange={(value) => onChange(withPeriod(filter, value as ListPeriod, localDay(new Date())))}
          data={PERIODS.map((period) => ({ value: period, label: t(`periods.${period}`) }))}
          radius="xl"
        />
      </ScrollArea>
      {filter.period === "custom" && (
        <Group gap="sm" align="flex-start" wrap="wrap">
          <TextInput
            type="date"
            label={t("filters.from")}
            value={filter.from ?? ""}
            onChange={(event) => onChange({ ...filter, from: event.currentTarget.value || undefined })}
            error={problem === "backwards" ? t("filters.backwards") : undefined}
            data-testid="filter-from"
          />
          <TextInput
            type="date"
            label={t("filters.to")}
            value={filter.to ?? ""}
            onChange={(event) => onChange({ ...filter, to: event.currentTarget.value || undefined })}
            data-testid="filter-to"
          />
          {problem === "missingDays" && (
            <Text c="red" size="sm" mt={30} role="alert">
              {t("filters.missingDays")}
            </Text>
          )}
        </Group>
      )}
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="sm" maw={640}>
        <Select
          label={t("filters.program")}
          data={programOptions}
          value={filter.program ?? ""}
          onChange={(value) => onChange({ ...filter, program: value || undefined })}
          allowDeselect={false}
          searchable={programs.length > 8}
          disabled={programsLoading}
          data-testid="program-filter"
        />
        <Select
          label={t("filters.status")}
          data={statusOptions}
          value={filter.status ?? ""}
          onChange={(value) =>
            onChange({ ...filter, status: (value || undefined) as PaymentStatus | undefined })
          }
          allowDeselect={false}
          data-testid="status-filter"
        />
      </SimpleGrid>
    </Stack>
  );
}
