/**
 * API-Schlüssel (SPEC §6, §9): create a key (the secret shown once), my keys with revoke one / all,
 * and for API key managers the customer's keys with their owners. Two requests: my keys, the
 * customer's keys.
 */
import { Button, Card, Group, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { useMyRoles, useSession } from "../../app/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { PageHeader } from "../../components/PageHeader";
import { Empty, QueryState } from "../../components/QueryState";
import { API_KEYS_KEY, CreateKeyDialog } from "./CreateKeyDialog";
import { KeysTable } from "./KeysTable";
import { activeKeys, type CustomerApiKey, type MyApiKey, mayRevokeCustomerKey } from "./model";

type Confirming = { kind: "one"; key: MyApiKey } | { kind: "all"; count: number } | null;

export default function ApiKeysPage() {
  const { t } = useTranslation("apiKeys");
  const customer = useCustomer();
  const session = useSession();
  const roles = useMyRoles();
  const client = useQueryClient();
  const [creating, setCreating] = useState(false);
  const [confirming, setConfirming] = useState<Confirming>(null);

  const mayCreate = customer.holdings.can("api_key_manager", "create_api_keys");
  const mayDelete = customer.holdings.can("api_key_manager", "delete_api_keys");
  const userId = session.data?.user.id ?? "";
  const customerNames = useMemo(
    () => new Map((roles.data?.customers ?? []).map((entry) => [entry.customerId, entry.customer.name])),
    [roles.data],
  );
  // The restriction is a choice only when the user may create keys for another customer too.
  const mayWiden =
    (roles.data?.staff ?? false) ||
    (roles.data?.customers ?? []).some(
      (entry) =>
        entry.customerId !== customer.id &&
        entry.roles.some(
          (held) => held.role === "api_key_manager" && held.abilities.includes("create_api_keys"),
        ),
    );

  const mine = useQuery({
    queryKey: [...API_KEYS_KEY, "mine"],
    queryFn: () => unwrap(api.GET("/api/os/api-keys")),
  });
  const ofCustomer = useQuery({
    queryKey: [...API_KEYS_KEY, "customer", customer.id],
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/api-keys", { params: { path: { customerId: customer.id } } }),
      ),
    enabled: customer.holdings.holds("api_key_manager"),
  });

  const revoke = useMutation({
    mutationFn: async (target: NonNullable<Confirming>) => {
      if (target.kind === "one") {
        await unwrap(api.DELETE("/api/os/api-keys/{id}", { params: { path: { id: target.key.id } } }));
        return t("revoke.done", { name: target.key.name });
      }
      const { revoked } = await unwrap(api.DELETE("/api/os/api-keys"));
      return t("revokeAll.done", { count: revoked });
    },
    onSuccess: (message) => {
      notifications.show({ color: "green", message });
      setConfirming(null);
    },
    onSettled: () => client.invalidateQueries({ queryKey: API_KEYS_KEY }),
  });
  const ask = (target: Confirming) => {
    revoke.reset();
    setConfirming(target);
  };

  const myActive = activeKeys(mine.data?.items ?? []);

  return (
    <>
      <PageHeader
        title={t("title")}
        description={t("description")}
        actions={
          mayCreate && (
            <Button onClick={() => setCreating(true)} data-testid="create-api-key">
              {t("create.button")}
            </Button>
          )
        }
      />
      <Stack gap="lg">
        <Card withBorder padding="md" component="section" aria-labelledby="my-keys-title">
          <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
            <Stack gap={2} style={{ flex: "1 1 20rem" }}>
              <Title order={2} size="h4" id="my-keys-title">
                {t("mine.title")}
              </Title>
              <Text size="sm" c="dimmed">
                {t("mine.description")}
              </Text>
            </Stack>
            {myActive.length > 0 && (
              <Button
                variant="outline"
                color="red"
                onClick={() => ask({ kind: "all", count: myActive.length })}
                data-testid="revoke-all"
              >
                {t("mine.revokeAll")}
              </Button>
            )}
          </Group>
          <QueryState query={mine}>
            {(data) =>
              data.items.length === 0 ? (
                <Empty>{t("mine.empty")}</Empty>
              ) : (
                <KeysTable
                  keys={data.items}
                  customerId={customer.id}
                  customerNames={customerNames}
                  mayRevoke={(key) => key.status === "active"}
                  onRevoke={(key) => ask({ kind: "one", key })}
                  testId="my-keys"
                />
              )
            }
          </QueryState>
        </Card>

        {customer.holdings.holds("api_key_manager") && (
          <Card withBorder padding="md" component="section" aria-labelledby="customer-keys-title">
            <Stack gap={2} mb="sm">
              <Title order={2} size="h4" id="customer-keys-title">
                {t("customer.title", { customer: customer.name })}
              </Title>
              <Text size="sm" c="dimmed">
                {t("customer.description")}
              </Text>
              {mayDelete && (
                <Text size="sm" c="dimmed">
                  {t("customer.deleteHint")}
                </Text>
              )}
            </Stack>
            <QueryState query={ofCustomer}>
              {(data) =>
                data.items.length === 0 ? (
                  <Empty>{t("customer.empty")}</Empty>
                ) : (
                  <KeysTable<CustomerApiKey>
                    keys={data.items}
                    customerId={customer.id}
                    customerNames={customerNames}
                    mayRevoke={(key) =>
                      mayRevokeCustomerKey(key, { userId, customerId: customer.id, mayDelete })
                    }
                    onRevoke={(key) => ask({ kind: "one", key })}
                    testId="customer-keys"
                  />
                )
              }
            </QueryState>
          </Card>
        )}
      </Stack>

      <CreateKeyDialog
        opened={creating}
        onClose={() => setCreating(false)}
        customerId={customer.id}
        customerName={customer.name}
        mayWiden={mayWiden}
      />
      <ConfirmDialog
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={confirming?.kind === "all" ? t("revokeAll.title") : t("revoke.title")}
        confirmLabel={confirming?.kind === "all" ? t("revokeAll.confirm") : t("revoke.confirm")}
        onConfirm={() => confirming && revoke.mutate(confirming)}
        pending={revoke.isPending}
        error={revoke.error}
      >
        {confirming?.kind === "all"
          ? t("revokeAll.text", { count: confirming.count })
          : confirming?.kind === "one"
            ? t("revoke.text", { name: confirming.key.name, prefix: confirming.key.displayPrefix })
            : ""}
      </ConfirmDialog>
    </>
  );
}
