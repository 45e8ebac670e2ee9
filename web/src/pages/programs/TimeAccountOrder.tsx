import { Badge, Group, List, Stack, Text } from "@mantine/core";
import { useTranslation } from "react-i18next";
import { formatDuration, type Language } from "../../lib/format";
import type { CustomerProgram } from "./pricing";

/** The time accounts a program draws from, first to last; inactive ones are skipped by pricing. */
export function TimeAccountOrder({
  accounts,
  language,
}: {
  accounts: CustomerProgram["timeAccounts"];
  language: Language;
}) {
  const { t } = useTranslation("programs");
  return (
    <Stack gap={4}>
      <Text size="sm" fw={600}>
        {t("accounts.title")}
      </Text>
      {accounts.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t("accounts.none")}
        </Text>
      ) : (
        <List type="ordered" size="sm" spacing={4} data-testid="program-time-accounts">
          {[...accounts]
            .sort((a, b) => a.position - b.position)
            .map((account) => (
              <List.Item key={account.id}>
                <Group gap="xs" wrap="wrap">
                  <Text span size="sm">
                    {account.name}
                  </Text>
                  <Text span size="sm" c="dimmed">
                    {t("accounts.balance", { balance: formatDuration(account.balanceSeconds, language) })}
                  </Text>
                  {!account.isActive && (
                    <Badge size="sm" variant="light" color="gray">
                      {t("accounts.inactive")}
                    </Badge>
                  )}
                </Group>
              </List.Item>
            ))}
        </List>
      )}
      {accounts.length > 0 && (
        <Text size="xs" c="dimmed">
          {t("accounts.hint")}
        </Text>
      )}
    </Stack>
  );
}
