import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { accountsKey, ledgerKey, type TimeAccount } from "./model";

/** Asks before deactivating and says what stays: balance and history. */
export function DeactivateTimeAccountModal({
  account,
  customerId,
  onClose,
}: {
  account: TimeAccount | null;
  customerId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("timeAccounts");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const deactivate = useMutation({
    mutationFn: (id: string) =>
      unwrap(api.POST("/api/os/time-accounts/{id}/deactivate", { params: { path: { id } } })),
    onSuccess: async (updated) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: accountsKey(customerId) }),
        queryClient.invalidateQueries({ queryKey: ledgerKey(updated.id) }),
      ]);
      notifications.show({ color: "green", message: t("deactivate.done", { name: updated.name }) });
      close();
    },
  });

  function close() {
    deactivate.reset();
    onClose();
  }

  return (
    <Modal
      opened={account !== null}
      onClose={close}
      title={t("deactivate.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {account && (
        <Stack>
          <Text>{t("deactivate.text", { name: account.name })}</Text>
          <Text size="sm" c="dimmed">
            {t("deactivate.history")}
          </Text>
          {deactivate.error && <ErrorAlert error={deactivate.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {common("actions.cancel")}
            </Button>
            <Button color="red" onClick={() => deactivate.mutate(account.id)} loading={deactivate.isPending}>
              {t("deactivate.confirm")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
