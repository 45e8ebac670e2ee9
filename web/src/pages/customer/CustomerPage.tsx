/**
 * Stammdaten (SPEC §2, §3): the customer's name, number and addresses for its customer managers;
 * with `edit_customer` they rename the company and set or remove the billing and shipping
 * address. The customer number is the operating company's and stays read-only.
 */
import { Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { PageHeader } from "../../components/PageHeader";
import { QueryState } from "../../components/QueryState";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";
import { AddressCard } from "./AddressCard";
import { AddressModal } from "./AddressModal";
import { type AddressKind, type Customer, customerKey } from "./address";
import { RemoveAddressModal } from "./RemoveAddressModal";
import { RenameModal } from "./RenameModal";

const KINDS: readonly AddressKind[] = ["billing", "shipping"];

export default function CustomerPage() {
  const { t, i18n } = useTranslation("customer");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const scope = useCustomer();
  const queryClient = useQueryClient();
  const mayEdit = scope.holdings.can("customer_manager", "edit_customer");
  const [renaming, setRenaming] = useState(false);
  const [editing, setEditing] = useState<AddressKind | null>(null);
  const [removing, setRemoving] = useState<AddressKind | null>(null);
  const customer = useQuery({
    queryKey: customerKey(scope.id),
    queryFn: () =>
      unwrap(api.GET("/api/os/customers/{customerId}", { params: { path: { customerId: scope.id } } })),
  });

  return (
    <>
      <PageHeader title={t("title")} description={t(mayEdit ? "descriptionEdit" : "description")} />
      <QueryState query={customer}>
        {(data: Customer) => (
          <Stack gap="md">
            <Card withBorder padding="lg" component="section" aria-labelledby="master-data">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Title order={2} size="h4" id="master-data">
                    {t("masterData")}
                  </Title>
                  <Group gap="xs" wrap="wrap">
                    <Text
                      size="xl"
                      fw={600}
                      data-testid="customer-display-name"
                      style={{ overflowWrap: "anywhere" }}
                    >
                      {data.name}
                    </Text>
                    <Badge variant="light" color={data.isActive ? "green" : "gray"}>
                      {data.isActive ? t("status.active") : t("status.inactive")}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed">
                    {data.customerNumber
                      ? t("customerNumber", { number: data.customerNumber })
                      : t("noCustomerNumber")}
                  </Text>
                </Stack>
                {mayEdit && (
                  <Button variant="light" onClick={() => setRenaming(true)} data-testid="rename-customer">
                    {t("rename.open")}
                  </Button>
                )}
              </Group>
            </Card>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              {KINDS.map((kind) => (
                <AddressCard
                  key={kind}
                  kind={kind}
                  address={kind === "billing" ? data.billingAddress : data.shippingAddress}
                  language={language}
                  mayEdit={mayEdit}
                  onEdit={() => setEditing(kind)}
                  onRemove={() => setRemoving(kind)}
                />
              ))}
            </SimpleGrid>
            {mayEdit && (
              <>
                <RenameModal opened={renaming} customer={data} onClose={() => setRenaming(false)} />
                <AddressModal
                  kind={editing}
                  customer={data}
                  save={(kind, body) =>
                    unwrap(
                      api.PUT("/api/os/customers/{customerId}/addresses/{kind}", {
                        params: { path: { customerId: data.id, kind } },
                        body,
                      }),
                    )
                  }
                  onSaved={(updated) => queryClient.setQueryData(customerKey(data.id), updated)}
                  onClose={() => setEditing(null)}
                />
                <RemoveAddressModal kind={removing} customerId={data.id} onClose={() => setRemoving(null)} />
              </>
            )}
          </Stack>
        )}
      </QueryState>
    </>
  );
}
