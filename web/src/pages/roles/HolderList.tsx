import { Badge, Button, CloseButton, Group, Paper, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import type { Ability, Role } from "../../app/navigation";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Empty } from "../../components/QueryState";
import { type Holder, holdersKey } from "./model";
import { refusalText } from "./texts";

type Revocation = { holder: Holder; ability: Ability | null };

/**
 * The holders of one role with their abilities; single abilities or the whole role can be taken
 * from other people (after a question). The user's own row is read-only, as the server requires.
 */
export function HolderList({
  customerId,
  role,
  holders,
  selfId,
}: {
  customerId: string;
  role: Role;
  holders: readonly Holder[];
  selfId: string | undefined;
}) {
  const { t } = useTranslation("roles");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [pending, setPending] = useState<Revocation | null>(null);
  const roleName = common(`roleNames.${role}`);
  const revoke = useMutation({
    mutationFn: ({ holder, ability }: Revocation) =>
      unwrap(
        api.POST("/api/os/customers/{customerId}/role-grants/revoke", {
          params: { path: { customerId } },
          body: { userCode: holder.user.code, role, ...(ability ? { abilities: [ability] } : {}) },
        }),
      ),
    onSuccess: async (outcome, { holder, ability }) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: holdersKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: ["customers", customerId, "employees"] }),
      ]);
      const name = holder.user.displayName;
      notifications.show({
        color: outcome.changed ? "green" : "blue",
        message: !outcome.changed
          ? t("revoke.unchanged", { name })
          : ability
            ? t("revoke.abilityDone", { name, ability: common(`abilityNames.${ability}`) })
            : t("revoke.roleDone", { name, role: roleName }),
      });
      setPending(null);
    },
  });

  const close = () => {
    revoke.reset();
    setPending(null);
  };

  if (holders.length === 0) return <Empty>{t("holders.empty")}</Empty>;
  return (
    <>
      <Stack gap="sm" data-testid="holders">
        {holders.map((holder) => (
          <HolderRow
            key={holder.contractId}
            holder={holder}
            isSelf={holder.user.id === selfId}
            roleName={roleName}
            onRevoke={(ability) => setPending({ holder, ability })}
          />
        ))}
      </Stack>
      <ConfirmDialog
        opened={pending !== null}
        title={pending?.ability ? t("revoke.abilityTitle") : t("revoke.roleTitle")}
        confirmLabel={t("revoke.confirm")}
        onClose={close}
        onConfirm={() => pending && revoke.mutate(pending)}
        pending={revoke.isPending}
        error={revoke.error}
        explain={(error) => refusalText(error, "revoke", pending?.holder.user.code ?? "", t, common)}
      >
        {pending
          ? pending.ability
            ? t("revoke.abilityText", {
                name: pending.holder.user.displayName,
                ability: common(`abilityNames.${pending.ability}`),
                role: roleName,
              })
            : t("revoke.roleText", { name: pending.holder.user.displayName, role: roleName })
          : ""}
      </ConfirmDialog>
    </>
  );
}

function HolderRow({
  holder,
  isSelf,
  roleName,
  onRevoke,
}: {
  holder: Holder;
  isSelf: boolean;
  roleName: string;
  onRevoke: (ability: Ability | null) => void;
}) {
  const { t } = useTranslation("roles");
  const { t: common } = useTranslation();
  const name = holder.user.displayName;
  return (
    <Paper withBorder p="sm" radius="md" data-testid="holder" data-code={holder.user.code}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start" gap="xs">
          <div style={{ minWidth: 0 }}>
            <Group gap={6}>
              <Text fw={600} style={{ overflowWrap: "anywhere" }}>
                {name}
              </Text>
              {isSelf && (
                <Badge size="xs" variant="outline">
                  {t("holders.you")}
                </Badge>
              )}
            </Group>
            <Text size="sm" ff="monospace" c="dimmed">
              {holder.user.code}
            </Text>
          </div>
          {!isSelf && (
            <Button
              size="xs"
              variant="subtle"
              color="red"
              onClick={() => onRevoke(null)}
              aria-label={t("revoke.roleNamed", { role: roleName, name })}
            >
              {t("revoke.role")}
            </Button>
          )}
        </Group>
        {(!holder.contractActive || !holder.user.isActive) && (
          <Group gap={6}>
            {!holder.contractActive && (
              <Badge color="gray" variant="light" style={{ textTransform: "none" }}>
                {t("holders.contractInactive")}
              </Badge>
            )}
            {!holder.user.isActive && (
              <Badge color="red" variant="light" style={{ textTransform: "none" }}>
                {t("holders.accountDeactivated")}
              </Badge>
            )}
          </Group>
        )}
        <Group gap={6} data-testid="holder-abilities">
          {holder.abilities.length === 0 ? (
            <Text size="sm" c="dimmed">
              {t("holders.viewOnly")}
            </Text>
          ) : (
            holder.abilities.map((ability) => (
              <Badge
                key={ability}
                variant="light"
                size="lg"
                style={{ textTransform: "none" }}
                data-ability={ability}
                rightSection={
                  isSelf ? undefined : (
                    <CloseButton
                      size="xs"
                      variant="transparent"
                      onClick={() => onRevoke(ability)}
                      aria-label={t("revoke.ability", { ability: common(`abilityNames.${ability}`), name })}
                    />
                  )
                }
              >
                {common(`abilityNames.${ability}`)}
              </Badge>
            ))
          )}
        </Group>
        {isSelf && (
          <Text size="xs" c="dimmed" data-testid="self-note">
            {t("holders.selfNote")}
          </Text>
        )}
      </Stack>
    </Paper>
  );
}
