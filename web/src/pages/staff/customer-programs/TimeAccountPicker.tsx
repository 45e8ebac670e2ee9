import { ActionIcon, Badge, Group, Input, Paper, Select, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDuration, type Language } from "../../../lib/format";
import { messageAt, type PlacedProblems } from "../programs/problems";
import { MAX_TIME_ACCOUNTS, moved, type TimeAccount } from "./model";

/**
 * The time accounts a customer program draws from, in order: picked from the customer's accounts,
 * moved up and down, removed. Server problems with one account show at its row.
 */
export function TimeAccountPicker({
  ids,
  onChange,
  accounts,
  language,
  error,
  server,
}: {
  ids: string[];
  onChange: (ids: string[]) => void;
  /** The customer's accounts; undefined while loading. */
  accounts: TimeAccount[] | undefined;
  language: Language;
  error: string | undefined;
  server: PlacedProblems;
}) {
  const { t } = useTranslation("staffCustomerPrograms");
  const byId = new Map((accounts ?? []).map((account) => [account.id, account]));
  const available = (accounts ?? [])
    .filter((account) => !ids.includes(account.id))
    .map((account) => ({
      value: account.id,
      label: account.isActive ? account.name : t("accounts.inactiveOption", { name: account.name }),
    }));
  return (
    <Input.Wrapper label={t("accounts.label")} description={t("accounts.hint")} error={error}>
      <Stack gap="xs" mt={4}>
        {ids.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t("accounts.none")}
          </Text>
        ) : (
          <Stack
            gap={6}
            component="ol"
            m={0}
            p={0}
            style={{ listStyle: "none" }}
            data-testid="chosen-accounts"
          >
            {ids.map((id, index) => {
              const account = byId.get(id);
              const name = account?.name ?? id;
              const rowError = messageAt(server, `timeAccountIds.${index}`);
              return (
                <Paper key={id} component="li" withBorder p={6} data-testid="chosen-account">
                  <Group gap="xs" wrap="nowrap" justify="space-between">
                    <Group gap="xs" wrap="wrap" style={{ minWidth: 0 }}>
                      <Text size="sm" fw={600}>
                        {index + 1}.
                      </Text>
                      <Text size="sm" style={{ overflowWrap: "anywhere" }}>
                        {name}
                      </Text>
                      {account && (
                        <Text size="xs" c="dimmed">
                          {formatDuration(account.balanceSeconds, language)}
                        </Text>
                      )}
                      {account && !account.isActive && (
                        <Badge size="xs" color="gray" variant="light">
                          {t("accounts.inactive")}
                        </Badge>
                      )}
                    </Group>
                    <Group gap={2} wrap="nowrap">
                      <ActionIcon
                        variant="subtle"
                        aria-label={t("accounts.up", { name })}
                        disabled={index === 0}
                        onClick={() => onChange(moved(ids, index, -1))}
                      >
                        <span aria-hidden="true">↑</span>
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        aria-label={t("accounts.down", { name })}
                        disabled={index === ids.length - 1}
                        onClick={() => onChange(moved(ids, index, 1))}
                      >
                        <span aria-hidden="true">↓</span>
                      </ActionIcon>
                      <ActionIcon
                        variant="subtle"
                        color="red"
                        aria-label={t("accounts.remove", { name })}
                        onClick={() => onChange(ids.filter((other) => other !== id))}
                      >
                        <span aria-hidden="true">✕</span>
                      </ActionIcon>
                    </Group>
                  </Group>
                  {rowError && (
                    <Text size="xs" c="red" mt={4} role="alert">
                      {rowError}
                    </Text>
                  )}
                </Paper>
              );
            })}
          </Stack>
        )}
        <Select
          aria-label={t("accounts.add")}
          placeholder={accounts === undefined ? t("accounts.loading") : t("accounts.add")}
          data={available}
          value={null}
          onChange={(id) => id && onChange([...ids, id])}
          disabled={accounts === undefined || available.length === 0 || ids.length >= MAX_TIME_ACCOUNTS}
          nothingFoundMessage={t("accounts.noneLeft")}
          searchable
          data-testid="add-account"
        />
      </Stack>
    </Input.Wrapper>
  );
}
