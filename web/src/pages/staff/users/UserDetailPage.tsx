/**
 * One user in the staff console (SPEC §10): the facts, their contracts with roles, and the actions:
 * enrolment link, deactivate or reactivate (which ends every session at once), and for superusers
 * the staff and administrator flags.
 */
import { Anchor, Badge, Button, Card, Group, SimpleGrid, Stack, Table, Text, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { api, unwrap } from "../../../api/client";
import { useSession } from "../../../app/session";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { PageHeader } from "../../../components/PageHeader";
import { ErrorAlert, QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import { formatDateTime, type Language } from "../../../lib/format";
import { EditUserModal } from "./EditUserModal";
import { FlagBadges } from "./FlagBadges";
import { LinkModal } from "./LinkModal";
import { type StaffUser, staffUserKey, staffUsersKey } from "./model";

type Flag = "isStaff" | "isSuperuser";

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Stack gap={0} style={{ minWidth: 0 }}>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
      <Text style={{ overflowWrap: "anywhere" }}>{children}</Text>
    </Stack>
  );
}

export default function UserDetailPage() {
  const { t, i18n } = useTranslation("staffUsers");
  const { t: common } = useTranslation();
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const { userId = "" } = useParams();
  const session = useSession();
  const me = session.data?.user;
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const [linking, setLinking] = useState(false);
  const [confirmActive, setConfirmActive] = useState(false);
  const user = useQuery({
    queryKey: staffUserKey(userId),
    queryFn: () => unwrap(api.GET("/api/staff/users/{id}", { params: { path: { id: userId } } })),
  });

  const updated = async (next: StaffUser, message: string) => {
    queryClient.setQueryData(staffUserKey(userId), next);
    await queryClient.invalidateQueries({ queryKey: staffUsersKey });
    notifications.show({ color: "green", message });
  };
  const activation = useMutation({
    mutationFn: (action: "deactivate" | "reactivate") =>
      unwrap(
        action === "deactivate"
          ? api.POST("/api/staff/users/{id}/deactivate", { params: { path: { id: userId } } })
          : api.POST("/api/staff/users/{id}/reactivate", { params: { path: { id: userId } } }),
      ),
    onSuccess: async (next, action) => {
      await updated(next, t(`active.${action}Done`, { name: next.displayName }));
      closeActivation();
    },
  });
  const flags = useMutation({
    mutationFn: (change: Partial<Record<Flag, boolean>>) =>
      unwrap(api.PATCH("/api/staff/users/{id}", { params: { path: { id: userId } }, body: change })),
    onSuccess: (next) => updated(next, t("flags.saved")),
  });

  function closeActivation() {
    activation.reset();
    setConfirmActive(false);
  }

  return (
    <>
      <PageHeader title={user.data?.displayName ?? t("title")} description={t("detail.description")} />
      <Anchor component={Link} to="/users" size="sm" mb="md" display="inline-block">
        {t("detail.back")}
      </Anchor>
      <QueryState query={user}>
        {(data: StaffUser) => {
          const isSelf = me?.id === data.id;
          const mayManage = Boolean(me?.isSuperuser) || !(data.isStaff || data.isSuperuser);
          const action = data.isActive ? "deactivate" : "reactivate";
          return (
            <Stack gap="md">
              <Card withBorder padding="lg" component="section" aria-labelledby="user-facts">
                <Group justify="space-between" align="flex-start" gap="sm">
                  <Stack gap={4} style={{ minWidth: 0 }}>
                    <Title order={2} size="h4" id="user-facts">
                      {t("detail.facts")}
                    </Title>
                    <FlagBadges user={data} />
                  </Stack>
                  {mayManage && (
                    <Button variant="light" onClick={() => setEditing(true)} data-testid="edit-user">
                      {t("edit.open")}
                    </Button>
                  )}
                </Group>
                <SimpleGrid cols={{ base: 1, xs: 2, md: 3 }} spacing="md" mt="md">
                  <Fact label={t("fields.code")}>
                    <Text span ff="monospace" data-testid="user-code">
                      {data.code}
                    </Text>
                  </Fact>
                  <Fact label={t("fields.language")}>{t(`languages.${data.language}`)}</Fact>
                  <Fact label={t("fields.createdAt")}>{formatDateTime(data.createdAt, language)}</Fact>
                  <Fact label={t("fields.passkeys")}>
                    <span data-testid="passkey-count">{data.passkeyCount}</span>
                  </Fact>
                  <Fact label={t("fields.lastSignIn")}>
                    {data.lastSignInAt ? formatDateTime(data.lastSignInAt, language) : t("detail.never")}
                  </Fact>
                  <Fact label={t("fields.openLink")}>
                    <span data-testid="open-link">
                      {data.openEnrolmentLinkExpiresAt
                        ? t("detail.linkOpenUntil", {
                            date: formatDateTime(data.openEnrolmentLinkExpiresAt, language),
                          })
                        : t("detail.noLink")}
                    </span>
                  </Fact>
                </SimpleGrid>
              </Card>

              <Card withBorder padding="lg" component="section" aria-labelledby="user-actions">
                <Title order={2} size="h4" id="user-actions" mb="sm">
                  {t("actions.heading")}
                </Title>
                {!mayManage ? (
                  <Text c="dimmed">{t("actions.superuserOnly")}</Text>
                ) : (
                  <Stack gap="sm">
                    <Group gap="xs" wrap="wrap">
                      {data.isActive && (
                        <Button onClick={() => setLinking(true)} data-testid="open-link-dialog">
                          {t("link.issue")}
                        </Button>
                      )}
                      {!isSelf && (
                        <Button
                          variant="light"
                          color={data.isActive ? "red" : "green"}
                          onClick={() => setConfirmActive(true)}
                          data-testid={action}
                        >
                          {t(`active.${action}`)}
                        </Button>
                      )}
                    </Group>
                    {me?.isSuperuser && (
                      <Group gap="xs" wrap="wrap" data-testid="flag-controls">
                        <Button
                          variant="default"
                          onClick={() => flags.mutate({ isStaff: !data.isStaff })}
                          loading={flags.isPending && flags.variables?.isStaff !== undefined}
                          data-testid="toggle-staff"
                        >
                          {data.isStaff ? t("flags.removeStaff") : t("flags.makeStaff")}
                        </Button>
                        {!(isSelf && data.isSuperuser) && (
                          <Button
                            variant="default"
                            onClick={() => flags.mutate({ isSuperuser: !data.isSuperuser })}
                            loading={flags.isPending && flags.variables?.isSuperuser !== undefined}
                            data-testid="toggle-superuser"
                          >
                            {data.isSuperuser ? t("flags.removeSuperuser") : t("flags.makeSuperuser")}
                          </Button>
                        )}
                      </Group>
                    )}
                    {flags.error && <ErrorAlert error={flags.error} />}
                  </Stack>
                )}
              </Card>

              <Card withBorder padding={0} component="section" aria-labelledby="user-contracts">
                <Title order={2} size="h4" id="user-contracts" p="lg" pb="xs">
                  {t("contracts.heading")}
                </Title>
                {data.contracts.length === 0 ? (
                  <Text c="dimmed" px="lg" pb="lg">
                    {t("contracts.none")}
                  </Text>
                ) : (
                  <Table verticalSpacing="sm" horizontalSpacing="lg" aria-labelledby="user-contracts">
                    <Table.Thead>
                      <Table.Tr>
                        <Table.Th>{t("contracts.customer")}</Table.Th>
                        <Table.Th>{t("contracts.roles")}</Table.Th>
                      </Table.Tr>
                    </Table.Thead>
                    <Table.Tbody>
                      {data.contracts.map((contract) => (
                        <Table.Tr key={contract.contractId}>
                          <Table.Td style={{ overflowWrap: "anywhere" }}>
                            <Anchor component={Link} to={`/customers/${contract.customerId}`}>
                              {contract.customerName}
                            </Anchor>
                            {!contract.isActive && (
                              <Badge color="gray" variant="light" ml="xs">
                                {t("contracts.inactive")}
                              </Badge>
                            )}
                          </Table.Td>
                          <Table.Td>
                            {contract.roles.length === 0 ? (
                              <Text c="dimmed" size="sm">
                                {t("contracts.noRoles")}
                              </Text>
                            ) : (
                              <Stack gap={4}>
                                {contract.roles.map((grant) => (
                                  <Text key={grant.role} size="sm">
                                    <Text span fw={500}>
                                      {common(`roleNames.${grant.role}`)}
                                    </Text>
                                    {grant.abilities.length > 0 &&
                                      `: ${grant.abilities.map((ability) => common(`abilityNames.${ability}`)).join(", ")}`}
                                  </Text>
                                ))}
                              </Stack>
                            )}
                          </Table.Td>
                        </Table.Tr>
                      ))}
                    </Table.Tbody>
                  </Table>
                )}
              </Card>

              <EditUserModal opened={editing} user={data} onClose={() => setEditing(false)} />
              <LinkModal opened={linking} user={data} onClose={() => setLinking(false)} />
              <ConfirmDialog
                opened={confirmActive}
                title={t(`active.${action}Title`, { name: data.displayName })}
                confirmLabel={t(`active.${action}`)}
                onConfirm={() => activation.mutate(action)}
                onClose={closeActivation}
                pending={activation.isPending}
                error={activation.error}
              >
                {t(`active.${action}Text`)}
              </ConfirmDialog>
            </Stack>
          );
        }}
      </QueryState>
    </>
  );
}
