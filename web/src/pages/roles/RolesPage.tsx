/**
 * Rollen vergeben (SPEC §3, §9 "HR"): per role the user may grant (held with `grant_role`; every
 * role for staff) its holders with their abilities, a form granting it to a user code with a
 * subset of the abilities the user holds, and revoking abilities or the role from other people.
 * The selected role is kept in the URL (`?role=`). One request lists the holders of every role.
 */
import { Card, Grid, Select, Stack, Title } from "@mantine/core";
import { useQuery } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useCustomer } from "../../app/customer";
import { useSession } from "../../app/session";
import { PageHeader } from "../../components/PageHeader";
import { Empty, QueryState } from "../../components/QueryState";
import { GrantForm } from "./GrantForm";
import { HolderList } from "./HolderList";
import { grantableRoles, holdersKey, holdersOf, isRole, offeredAbilities, withheldAbilities } from "./model";

const ROLE_PARAM = "role";

export default function RolesPage() {
  const { t } = useTranslation("roles");
  const { t: common } = useTranslation();
  const customer = useCustomer();
  const session = useSession();
  const [searchParams, setSearchParams] = useSearchParams();
  const roles = grantableRoles(customer.holdings);
  const requested = searchParams.get(ROLE_PARAM);
  const role = isRole(requested) && roles.includes(requested) ? requested : roles[0];

  const holders = useQuery({
    queryKey: holdersKey(customer.id),
    enabled: roles.length > 0,
    queryFn: () =>
      unwrap(
        api.GET("/api/os/customers/{customerId}/role-grants", {
          params: { path: { customerId: customer.id } },
        }),
      ),
  });

  const header = (
    <PageHeader title={t("title")} description={t("description", { customer: customer.name })} />
  );
  if (!role) {
    return (
      <>
        {header}
        <Empty>{t("none")}</Empty>
      </>
    );
  }

  const roleName = common(`roleNames.${role}`);
  return (
    <>
      {header}
      <Stack gap="md">
        <Select
          id="role-select"
          label={t("role.label")}
          description={t("role.hint")}
          data={roles.map((value) => ({ value, label: common(`roleNames.${value}`) }))}
          value={role}
          onChange={(value) =>
            value &&
            setSearchParams(
              (current) => {
                const next = new URLSearchParams(current);
                next.set(ROLE_PARAM, value);
                return next;
              },
              { replace: true },
            )
          }
          allowDeselect={false}
          maw={420}
        />
        <Grid gap="md">
          <Grid.Col span={{ base: 12, md: 5 }}>
            <Card withBorder padding="lg" component="section" aria-labelledby="grant-title">
              <Title order={2} size="h4" mb="sm" id="grant-title">
                {t("grant.title")}
              </Title>
              <GrantForm
                key={role}
                customer={customer}
                role={role}
                offered={offeredAbilities(customer.holdings, role)}
                withheld={withheldAbilities(customer.holdings, role)}
                ownCode={session.data?.user.code}
              />
            </Card>
          </Grid.Col>
          <Grid.Col span={{ base: 12, md: 7 }}>
            <Card withBorder padding="lg" component="section" aria-labelledby="holders-title">
              <Title order={2} size="h4" mb="sm" id="holders-title">
                {t("holders.title", { role: roleName })}
              </Title>
              <QueryState query={holders}>
                {(data) => (
                  <HolderList
                    customerId={customer.id}
                    role={role}
                    holders={holdersOf(data.items, role)}
                    selfId={session.data?.user.id}
                  />
                )}
              </QueryState>
            </Card>
          </Grid.Col>
        </Grid>
      </Stack>
    </>
  );
}
