/**
 * Zeitkonten in the staff console (SPEC §5, §10): a customer's accounts with balances and total
 * (`?customerId=`), creating and deactivating accounts, and staff's own changes: top-ups,
 * adjustments with a reason and transfers; each account's ledger in a drawer (`?account=<id>`).
 * The drawer and the create/deactivate dialogs are NADOO OS's, which staff may use for any customer.
 */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { PageHeader } from "../../../components/PageHeader";
import { Empty, QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDateTime, formatDuration, formatNumber, type Language } from "../../../lib/format";
import { CustomerPicker } from "../../../staff/CustomerPicker";
import { CreateTimeAccountModal } from "../../time-accounts/CreateTimeAccountModal";
import { DeactivateTimeAccountModal } from "../../time-accounts/DeactivateTimeAccountModal";
import { LedgerDrawer } from "../../time-accounts/LedgerDrawer";
import { accountsKey, type TimeAccount } from "../../time-accounts/model";
import { BalanceChangeModal, type ChangeKind } from "./BalanceChangeModal";

const CUSTOMER_PARAM = "customerId";
const ACCOUNT_PARAM = "account";

export default function TimeAccountsPage() {
  const { t, i18n } = useTranslation("staffTimeAccounts");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const [searchParams, setSearchParams] = useSearchParams();
  const customerId = searchParams.get(CUSTOMER_PARAM);
  const openId = searchParams.get(ACCOUNT_PARAM);
  const [creating, setCreating] = useState(false);
  const [deactivating, setDeactivating] = useState<TimeAccount | null>(null);
  const [changing, setChanging] = useState<{ kind: ChangeKind; accountId: string } | null>(null);

  const accounts = useQuery({
    queryKey: accountsKey(customerId ?? ""),
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/time-accounts", {
          params: { path: { customerId: customerId ?? "" } },
        }),
      ),
    enabled: customerId !== null,
  });
  const items = accounts.data?.items ?? [];

  const setParam = (name: string, value: string | null) =>
    setSearchParams(
      (current) => {
        const next = new URLSearchParams(current);
        if (value) next.set(name, value);
        else next.delete(name);
        if (name === CUSTOMER_PARAM) next.delete(ACCOUNT_PARAM);
        return next;
      },
      { replace: name === ACCOUNT_PARAM && value === null },
    );

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          customerId && (
            <Button onClick={() => setCreating(true)} data-testid="create-time-account">
              {t("create")}
            </Button>
          )
        }
      />
      <Stack gap="md">
        <CustomerPicker
          value={customerId}
          onChange={(customer) => setParam(CUSTOMER_PARAM, customer?.id ?? null)}
          maw={480}
        />
        {customerId === null ? (
          <Empty>{t("pickCustomer")}</Empty>
        ) : (
          <QueryState query={accounts}>
            {(data) => (
              <Stack gap="md">
                <Card withBorder padding="lg" data-testid="total-balance">
                  <Text size="sm" c="dimmed">
                    {t("total")}
                  </Text>
                  <Title order={2} size="h3">
                    {formatDuration(data.totalBalanceSeconds, language)}
                  </Title>
                  <Text size="sm" c="dimmed">
                    {t("secondsCount", { value: formatNumber(data.totalBalanceSeconds, language) })}
                  </Text>
                </Card>
                {data.items.length === 0 ? (
                  <Empty>{t("empty")}</Empty>
                ) : (
                  <SimpleGrid cols={{ base: 1, sm: 2, xl: 3 }} spacing="md">
                    {data.items.map((account) => (
                      <AccountCard
                        key={account.id}
                        account={account}
                        language={language}
                        onLedger={() => setParam(ACCOUNT_PARAM, account.id)}
                        onChange={(kind) => setChanging({ kind, accountId: account.id })}
                        onDeactivate={() => setDeactivating(account)}
                      />
                    ))}
                  </SimpleGrid>
                )}
              </Stack>
            )}
          </QueryState>
        )}
      </Stack>
      <LedgerDrawer
        accountId={openId}
        account={items.find((account) => account.id === openId)}
        listPending={accounts.isPending}
        language={language}
        onClose={() => setParam(ACCOUNT_PARAM, null)}
      />
      <BalanceChangeModal
        kind={changing?.kind ?? null}
        account={items.find((account) => account.id === changing?.accountId) ?? null}
        accounts={items}
        language={language}
        onClose={() => setChanging(null)}
      />
      {customerId && (
        <>
          <CreateTimeAccountModal
            opened={creating}
            customerId={customerId}
            onClose={() => setCreating(false)}
          />
          <DeactivateTimeAccountModal
            account={deactivating}
            customerId={customerId}
            onClose={() => setDeactivating(null)}
          />
        </>
      )}
    </>
  );
}

function AccountCard({
  account,
  language,
  onLedger,
  onChange,
  onDeactivate,
}: {
  account: TimeAccount;
  language: Language;
  onLedger: () => void;
  onChange: (kind: ChangeKind) => void;
  onDeactivate: () => void;
}) {
  const { t } = useTranslation("staffTimeAccounts");
  const named = (key: string) => ({ "aria-label": t(`actions.${key}Named`, { name: account.name }) });
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
          <Text size="sm" c="dimmed" data-testid="balance-seconds">
            {t("secondsCount", { value: formatNumber(account.balanceSeconds, language) })}
          </Text>
        </div>
        {account.deactivatedAt && (
          <Text size="sm" c="dimmed">
            {t("deactivatedAt", { date: formatDateTime(account.deactivatedAt, language) })}
          </Text>
        )}
        <Group gap="xs" mt="auto" pt="xs">
          {account.isActive && (
            <Button size="xs" onClick={() => onChange("topUp")} {...named("topUp")} data-testid="top-up">
              {t("actions.topUp")}
            </Button>
          )}
          <Button
            size="xs"
            variant="light"
            onClick={() => onChange("adjust")}
            {...named("adjust")}
            data-testid="adjust"
          >
            {t("actions.adjust")}
          </Button>
          <Button
            size="xs"
            variant="light"
            onClick={() => onChange("transfer")}
            {...named("transfer")}
            data-testid="transfer"
          >
            {t("actions.transfer")}
          </Button>
          <Button
            size="xs"
            variant="default"
            onClick={onLedger}
            {...named("ledger")}
            data-testid="ledger-open"
          >
            {t("actions.ledger")}
          </Button>
          {account.isActive && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={onDeactivate}
              {...named("deactivate")}
              data-testid="deactivate"
            >
              {t("actions.deactivate")}
            </Button>
          )}
        </Group>
      </Stack>
    </Card>
  );
}
