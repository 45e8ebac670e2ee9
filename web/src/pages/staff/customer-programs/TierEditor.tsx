import { ActionIcon, Button, Group, Input, Stack, Switch, Text, TextInput } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { messageAt, messagesUnder, type PlacedProblems } from "../programs/problems";
import { type FormProblems, MAX_TIERS, rowsOf, type TierRow, tierRow } from "./model";

/**
 * The tier table of tiered pricing: rows "from hours → price per hour", added and removed freely,
 * or the default table (`tiers: null`). Problems, the client's and the server's, show at their row.
 */
export function TierEditor({
  rows,
  onChange,
  effectiveTiers,
  currency,
  problems,
  server,
}: {
  rows: TierRow[] | null;
  onChange: (rows: TierRow[] | null) => void;
  /** The table in force now (the default one when none is set), to start an own table from. */
  effectiveTiers: readonly { fromHours: number; pricePerHour: string }[] | null;
  currency: string;
  problems: FormProblems | null;
  server: PlacedProblems;
}) {
  const { t } = useTranslation("staffCustomerPrograms");
  const tableError = problems?.table
    ? t(`validation.table.${problems.table}`, { max: MAX_TIERS })
    : messageAt(server, "tiers");

  const update = (index: number, change: Partial<TierRow>) =>
    onChange((rows ?? []).map((row, at) => (at === index ? { ...row, ...change } : row)));

  return (
    <Input.Wrapper label={t("tiers.label")} error={tableError} data-testid="tier-editor">
      <Stack gap="xs" mt={4}>
        <Switch
          label={t("tiers.useDefault")}
          description={t("tiers.useDefaultHint")}
          checked={rows === null}
          onChange={(event) => {
            if (event.currentTarget.checked) onChange(null);
            else
              onChange(
                effectiveTiers && effectiveTiers.length > 0 ? rowsOf(effectiveTiers) : [tierRow("0", "")],
              );
          }}
          data-testid="use-default-tiers"
        />
        {rows !== null && (
          <>
            {rows.length > 0 && (
              // Column headings for sighted users; each input carries its full name for assistive technology.
              <Group gap="xs" wrap="nowrap" aria-hidden="true">
                <Text size="sm" fw={500} style={{ flex: 2 }}>
                  {t("tiers.fromHours")}
                </Text>
                <Text size="sm" fw={500} style={{ flex: 3 }}>
                  {t("tiers.pricePerHour", { currency })}
                </Text>
                <div style={{ width: 34, flexShrink: 0 }} />
              </Group>
            )}
            {rows.map((row, index) => {
              const number = index + 1;
              const rowProblems = problems?.tiers[index];
              const hoursError = rowProblems?.fromHours
                ? t(`validation.tier.${rowProblems.fromHours}`)
                : messageAt(server, `tiers.${index}.fromHours`);
              const priceError = rowProblems?.pricePerHour
                ? t(`validation.tier.${rowProblems.pricePerHour}`)
                : (messageAt(server, `tiers.${index}.pricePerHour`) ??
                  messagesUnder(server, `tiers.${index}`));
              return (
                <Group key={row.key} gap="xs" align="flex-start" wrap="nowrap" data-testid="tier-row">
                  <TextInput
                    aria-label={t("tiers.fromHoursOf", { number })}
                    inputMode="numeric"
                    value={row.fromHours}
                    onChange={(event) => update(index, { fromHours: event.currentTarget.value })}
                    rightSection={
                      <Text size="xs" c="dimmed">
                        {t("tiers.hoursUnit")}
                      </Text>
                    }
                    rightSectionWidth={36}
                    error={hoursError}
                    style={{ flex: 2 }}
                    miw={0}
                    data-testid="tier-from-hours"
                  />
                  <TextInput
                    aria-label={t("tiers.pricePerHourOf", { number, currency })}
                    inputMode="decimal"
                    value={row.pricePerHour}
                    onChange={(event) => update(index, { pricePerHour: event.currentTarget.value })}
                    error={priceError}
                    style={{ flex: 3 }}
                    miw={0}
                    data-testid="tier-price"
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={t("tiers.remove", { number })}
                    onClick={() => onChange(rows.filter((_, at) => at !== index))}
                    data-testid="remove-tier"
                  >
                    <span aria-hidden="true">✕</span>
                  </ActionIcon>
                </Group>
              );
            })}
            <Group>
              <Button
                variant="light"
                size="xs"
                disabled={rows.length >= MAX_TIERS}
                onClick={() => onChange([...rows, tierRow()])}
                data-testid="add-tier"
              >
                {t("tiers.add")}
              </Button>
            </Group>
            <Text size="xs" c="dimmed">
              {t("tiers.hint")}
            </Text>
          </>
        )}
      </Stack>
    </Input.Wrapper>
  );
}
