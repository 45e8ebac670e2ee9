/**
 * One customer in the staff console (SPEC §10): master data (name, number, active), the billing and
 * shipping address, counts of its active records, and the ways on: NADOO OS for its people, roles,
 * time accounts and API keys (staff may open any customer there), and the staff pages filtered to it.
 */
import { Anchor, Badge, Button, Card, Group, List, SimpleGrid, Stack, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { PageHeader } from "../../../components/PageHeader";
import { QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDateTime, type Language } from "../../../lib/format";
import { AddressCard } from "../../customer/AddressCard";
import { AddressModal } from "../../customer/AddressModal";
import type { AddressKind } from "../../customer/address";
import { MasterDataModal } from "./MasterDataModal";
import { type StaffCustomer, staffCustomerKey } from "./model";

const KINDS: readonly AddressKind[] = ["billing", "shipping"];
const OS_PAGES = ["employees", "roles", "time-accounts", "api-keys"] as const;
const STAFF_PAGES = ["customer-programs", "time-accounts", "executions", "statements", "complaints"] as const;
const COUNTS = ["activeContracts", "activeCustomerPrograms", "activeTimeAccounts", "openComplaints"] as const;

export default function CustomerDetailPage() {
  const { t, i18n } = useTranslation("staffCustomers");
  const { t: customerText } = useTranslation("customer");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const { customerId = "" } = useParams();
  const queryClient = useQueryClient();
  const [editingMaster, setEditingMaster] = useState(false);
  const [editing, setEditing] = useState<AddressKind | null>(null);
  const [removing, setRemoving] = useState<AddressKind | null>(null);
  const customer = useQuery({
    queryKey: staffCustomerKey(customerId),
    queryFn: () => unwrap(api.GET("/api/staff/customers/{customerId}", { params: { path: { customerId } } })),
  });
  const remove = useMutation({
    mutationFn: (kind: AddressKind) =>
      unwrap(
        api.DELETE("/api/staff/customers/{customerId}/addresses/{kind}", {
          params: { path: { customerId, kind } },
        }),
      ),
    onSuccess: (updated, kind) => {
      queryClient.setQueryData(staffCustomerKey(customerId), updated);
      notifications.show({
        color: "green",
        message: customerText("address.removed", { what: customerText(`address.${kind}`) }),
      });
      closeRemove();
    },
  });

  function closeRemove() {
    remove.reset();
    setRemoving(null);
  }

  return (
    <>
      <PageHeader title={customer.data?.name ?? t("title")} description={t("detail.description")} />
      <Anchor component={Link} to="/customers" size="sm" mb="md" display="inline-block">
        {t("detail.back")}
      </Anchor>
      <QueryState query={customer}>
        {(data: StaffCustomer) => (
          <Stack gap="md">
            <Card withBorder padding="lg" component="section" aria-labelledby="master-data">
              <Group justify="space-between" align="flex-start" gap="sm">
                <Stack gap={4} style={{ minWidth: 0 }}>
                  <Title order={2} size="h4" id="master-data">
                    {t("master.heading")}
                  </Title>
                  <Group gap="xs" wrap="wrap">
                    <Text size="xl" fw={600} style={{ overflowWrap: "anywhere" }} data-testid="customer-name">
                      {data.name}
                    </Text>
                    <Badge
                      variant="light"
                      color={data.isActive ? "green" : "gray"}
                      data-testid="customer-status"
                    >
                      {data.isActive ? t("status.active") : t("status.inactive")}
                    </Badge>
                  </Group>
                  <Text size="sm" c="dimmed" data-testid="customer-number">
                    {data.customerNumber
                      ? t("detail.number", { number: data.customerNumber })
                      : t("detail.noNumber")}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t("detail.created", { date: formatDateTime(data.createdAt, language) })}
                  </Text>
                </Stack>
                <Button variant="light" onClick={() => setEditingMaster(true)} data-testid="edit-master-data">
                  {t("master.edit")}
                </Button>
              </Group>
              <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm" mt="md">
                {COUNTS.map((count) => (
                  <Stack key={count} gap={0}>
                    <Text size="xl" fw={600} data-testid={`count-${count}`}>
                      {data.counts[count]}
                    </Text>
                    <Text size="sm" c="dimmed">
                      {t(`counts.${count}`)}
                    </Text>
                  </Stack>
                ))}
              </SimpleGrid>
            </Card>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              {KINDS.map((kind) => (
                <AddressCard
                  key={kind}
                  kind={kind}
                  address={kind === "billing" ? data.billingAddress : data.shippingAddress}
                  language={language}
                  mayEdit
                  onEdit={() => setEditing(kind)}
                  onRemove={() => setRemoving(kind)}
                />
              ))}
            </SimpleGrid>
            <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
              <Card withBorder padding="lg" component="section" aria-labelledby="in-os">
                <Title order={2} size="h4" id="in-os">
                  {t("os.heading")}
                </Title>
                <Text size="sm" c="dimmed" mb="sm">
                  {t("os.text")}
                </Text>
                <List spacing="xs" data-testid="os-links">
                  {OS_PAGES.map((page) => (
                    <List.Item key={page}>
                      <Anchor href={`/os/c/${data.id}/${page}`}>{t(`os.links.${page}`)}</Anchor>
                    </List.Item>
                  ))}
                </List>
              </Card>
              <Card withBorder padding="lg" component="section" aria-labelledby="in-staff">
                <Title order={2} size="h4" id="in-staff">
                  {t("staffPages.heading")}
                </Title>
                <Text size="sm" c="dimmed" mb="sm">
                  {t("staffPages.text")}
                </Text>
                <List spacing="xs" data-testid="staff-links">
                  {STAFF_PAGES.map((page) => (
                    <List.Item key={page}>
                      <Anchor component={Link} to={`/${page}?customerId=${data.id}`}>
                        {t(`staffPages.links.${page}`)}
                      </Anchor>
                    </List.Item>
                  ))}
                </List>
              </Card>
            </SimpleGrid>
            <MasterDataModal opened={editingMaster} customer={data} onClose={() => setEditingMaster(false)} />
            <AddressModal
              kind={editing}
              customer={data}
              save={(kind, body) =>
                unwrap(
                  api.PUT("/api/staff/customers/{customerId}/addresses/{kind}", {
                    params: { path: { customerId: data.id, kind } },
                    body,
                  }),
                )
              }
              onSaved={(updated) => queryClient.setQueryData(staffCustomerKey(data.id), updated)}
              onClose={() => setEditing(null)}
            />
            <ConfirmDialog
              opened={removing !== null}
              title={
                removing
                  ? customerText("address.removeTitle", { what: customerText(`address.${removing}`) })
                  : ""
              }
              confirmLabel={customerText("address.remove")}
              onConfirm={() => removing && remove.mutate(removing)}
              onClose={closeRemove}
              pending={remove.isPending}
              error={remove.error}
            >
              {removing ? t("detail.removeAddress", { what: customerText(`address.${removing}`) }) : ""}
            </ConfirmDialog>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
