import { Alert, Button, Checkbox, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { Ability, Role } from "../../app/navigation";
import { UserCodeField } from "../employees/UserCodeField";
import { normaliseUserCode, sameUserCode } from "../employees/user-code";
import { type GrantOutcome, holdersKey } from "./model";
import { abilityList, refusalText } from "./texts";

/**
 * Grants `role` to a user code with the ticked abilities: only those the user holds are offered
 * (SPEC §3); the ones withheld are named, so nobody wonders where they went.
 */
export function GrantForm({
  customer,
  role,
  offered,
  withheld,
  ownCode,
}: {
  customer: { id: string; name: string };
  role: Role;
  offered: readonly Ability[];
  withheld: readonly Ability[];
  ownCode: string | undefined;
}) {
  const { t } = useTranslation("roles");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [code, setCode] = useState("");
  const [touched, setTouched] = useState(false);
  const [abilities, setAbilities] = useState<Ability[]>([]);
  const [selfRefused, setSelfRefused] = useState(false);
  const grant = useMutation({
    mutationFn: (body: { userCode: string; role: Role; abilities: Ability[] }) =>
      unwrap(
        api.POST("/api/os/customers/{customerId}/role-grants", {
          params: { path: { customerId: customer.id } },
          body,
        }),
      ),
    onSuccess: async () => {
      setCode("");
      setTouched(false);
      setAbilities([]);
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: holdersKey(customer.id) }),
        queryClient.invalidateQueries({ queryKey: ["customers", customer.id, "employees"] }),
      ]);
    },
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    grant.reset();
    const normalised = normaliseUserCode(code);
    if (!normalised) return;
    setCode(normalised);
    const self = ownCode !== undefined && sameUserCode(normalised, ownCode);
    setSelfRefused(self);
    if (self) return;
    const ordered = offered.filter((ability) => abilities.includes(ability));
    grant.mutate({ userCode: normalised, role, abilities: ordered });
  }

  const roleName = common(`roleNames.${role}`);
  return (
    <form onSubmit={submit} noValidate aria-labelledby="grant-title">
      <Stack gap="md">
        <Text size="sm">{t("grant.intro", { role: roleName, customer: customer.name })}</Text>
        <UserCodeField
          id="grant-code"
          label={t("code.label")}
          description={t("code.hint")}
          invalidMessage={t("code.invalid")}
          requiredMessage={t("code.required")}
          value={code}
          onChange={(value) => {
            setCode(value);
            setSelfRefused(false);
          }}
          showError={touched}
          onBlur={() => setTouched(true)}
        />
        <Checkbox.Group
          label={t("grant.abilities")}
          description={t("grant.abilitiesHint")}
          value={abilities}
          onChange={(value) => setAbilities(value as Ability[])}
        >
          <Stack gap="xs" mt="xs" data-testid="grant-abilities">
            {offered.map((ability) => (
              <Checkbox
                key={ability}
                value={ability}
                label={common(`abilityNames.${ability}`)}
                data-ability={ability}
              />
            ))}
          </Stack>
        </Checkbox.Group>
        {withheld.length > 0 && (
          <Text size="sm" c="dimmed" data-testid="withheld-abilities">
            {t("grant.withheld", { abilities: abilityList(withheld, t, common) })}
          </Text>
        )}
        {selfRefused && (
          <Alert color="red" title={common("error.title")} role="alert">
            {t("errors.self")}
          </Alert>
        )}
        {grant.error && (
          <Alert color="red" title={common("error.title")} role="alert" data-testid="grant-error">
            {refusalText(grant.error, "grant", code, t, common)}
          </Alert>
        )}
        {grant.data && <GrantResult outcome={grant.data} />}
        <Button type="submit" loading={grant.isPending} id="grant-submit" style={{ alignSelf: "flex-start" }}>
          {t("grant.submit")}
        </Button>
      </Stack>
    </form>
  );
}

function GrantResult({ outcome }: { outcome: GrantOutcome }) {
  const { t } = useTranslation("roles");
  const { t: common } = useTranslation();
  const values = {
    name: outcome.user.displayName,
    code: outcome.user.code,
    role: common(`roleNames.${outcome.role}`),
    abilities: abilityList(outcome.abilities ?? [], t, common),
  };
  return (
    <Alert
      color={outcome.changed ? "green" : "blue"}
      title={outcome.changed ? t("grant.changedTitle") : t("grant.unchangedTitle")}
      role="status"
      data-testid="grant-result"
    >
      {t(outcome.changed ? "grant.changed" : "grant.unchanged", values)}
    </Alert>
  );
}
