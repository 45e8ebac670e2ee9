/**
 * Zeitkonten (SPEC §5, §9): the customer's prepaid time per account and in total, each account's
 * ledger in a drawer (the open account is kept in the URL, `?account=<id>`), creating accounts
 * (`create_time_accounts`) and deactivating them (`delete_time_accounts`). Topping up is staff's.
 */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { Empty, QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import { formatDateTime, formatDuration, formatNumber, type Language } from "../../lib/format";
import { CreateTimeAccountModal } from "./CreateTimeAccountModal";
import { DeactivateTimeAccountModal } from "./DeactivateTimeAccountModal";
import { LedgerDrawer } from "./LedgerDrawer";
import { accountsKey, type TimeAccount } from "./model";

const ACCOUNT_PARAM = "account";

export default function TimeAccountsPage() {
  const { t, i18n } = useTranslation("timeAccounts");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const customer = useCustomer();
  const mayCreate = customer.holdings.can("time_account_manager", "create_time_accounts");
  const mayDeactivate = customer.holdings.can("time_account_manager", "delete_time_accounts");
  const [searchParams, setSearchParams] = useSearchParams();
  const openId = searchParams.get(ACCOUNT_PARAM);
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<TimeAccount | null>(null);

  const accounts = useQuery({
    queryKey: accountsKey(customer.id),
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/time-accounts", {
          params: { path: { customerId: customer.id } },
        }),
      ),
  });

  const openLedger = (id: string | null) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (id) next.set(ACCOUNT_PARAM, id);
        else next.delete(ACCOUNT_PARAM);
        return next;
      },
      { replace: id === null },
    );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          mayCreate && (
            <Button onClick={() => setCreating(true)} data-testid="create-time-account">
              {t("actions.create")}
            </Button>
          )
        }
      />
      <QueryState query={accounts}>
        {(data) => (
          <Stack gap="md">
            <Card withBorder padding="lg" data-testid="total-balance">
              <Text size="sm" c="dimmed">
                {t("total.label")}
              </Text>
              <Title order={2} size="h3">
                {formatDuration(data.totalBalanceSeconds, language)}
              </Title>
              <Text size="sm" c="dimmed">
                {t("secondsCount", { value: formatNumber(data.totalBalanceSeconds, language) })} ·{" "}
                {t("total.hint")}
              </Text>
            </Card>
            {data.items.length === 0 ? (
              <Empty>{mayCreate ? t("emptyMayCreate") : t("empty")}</Empty>
            ) : (
              <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
                {data.items.map((account) => (
                  <AccountCard
                    key={account.id}
                    account={account}
                    language={language}
                    mayDeactivate={mayDeactivate}
                    onOpen={() => openLedger(account.id)}
                    onDeactivate={() => setDeactivating(account)}
                  />
                ))}
              </SimpleGrid>
            )}
            <Text size="sm" c="dimmed">
              {t("topUpNote")}
            </Text>
          </Stack>
        )}
      </QueryState>
      <LedgerDrawer
        accountId={openId}
        account={accounts.data?.items.find((account) => account.id === openId)}
        listPending={accounts.isPending}
        language={language}
        onClose={() => openLedger(null)}
      />
      {mayCreate && (
        <CreateTimeAccountModal
          opened={creating}
          customerId={customer.id}
          onClose={() => setCreating(false)}
        />
      )}
      {mayDeactivate && (
        <DeactivateTimeAccountModal
          account={deactivating}
          customerId={customer.id}
          onClose={() => setDeactivating(null)}
        />
      )}
    </>
  );
}

function AccountCard({
  account,
  language,
  mayDeactivate,
  onOpen,
  onDeactivate,
}: {
  account: TimeAccount;
  language: Language;
  mayDeactivate: boolean;
  onOpen: () => void;
  onDeactivate: () => void;
}) {
  const { t } = useTranslation("timeAccounts");
  return (
    <Card withBorder padding="lg" data-testid="time-account" aria-label={account.name} component="article">
      <Stack gap="xs" h="100%">
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Title order={2} size="h4" style={{ overflowWrap: "anywhere" }}>
            {account.name}
          </Title>
          <Badge color={account.isActive ? "green" : "gray"} variant="light" style={{ flexShrink: 0 }}>
            {account.isActive ? t("status.active") : t("status.inactive")}
          </Badge>
        </Group>
        <div>
          <Text size="xl" fw={600} data-testid="balance">
            {formatDuration(account.balanceSeconds, language)}
          </Text>
          <Text size="sm" c="dimmed">
            {t("secondsCount", { value: formatNumber(account.balanceSeconds, language) })}
          </Text>
        </div>
        {account.deactivatedAt && (
          <Text size="sm" c="dimmed">
            {t("deactivatedAt", { date: formatDateTime(account.deactivatedAt, language) })}
          </Text>
        )}
        <Group gap="xs" mt="auto" pt="xs">
          <Button
            variant="light"
            onClick={onOpen}
            aria-label={t("actions.historyOf", { name: account.name })}
          >
            {t("actions.history")}
          </Button>
          {mayDeactivate && account.isActive && (
            <Button
              variant="subtle"
              color="red"
              onClick={onDeactivate}
              aria-label={t("actions.deactivateNamed", { name: account.name })}
            >
              {t("actions.deactivate")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
