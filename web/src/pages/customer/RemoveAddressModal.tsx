import { Button, Group, Modal, Stack, Text } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { type AddressKind, customerKey } from "./address";

export function RemoveAddressModal({
  kind,
  customerId,
  onClose,
}: {
  kind: AddressKind | null;
  customerId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: (which: AddressKind) =>
      unwrap(
        api.DELETE("/api/os/customers/{customerId}/addresses/{kind}", {
          params: { path: { customerId, kind: which } },
        }),
      ),
    onSuccess: (updated, which) => {
      queryClient.setQueryData(customerKey(customerId), updated);
      notifications.show({ color: "green", message: t("address.removed", { what: t(`address.${which}`) }) });
      close();
    },
  });

  function close() {
    remove.reset();
    onClose();
  }

  const what = kind ? t(`address.${kind}`) : "";
  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      title={t("address.removeTitle", { what })}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {kind && (
        <Stack>
          <Text>{t("address.removeText", { what })}</Text>
          {remove.error && <ErrorAlert error={remove.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close} data-autofocus>
              {common("actions.cancel")}
            </Button>
            <Button color="red" onClick={() => remove.mutate(kind)} loading={remove.isPending}>
              {t("address.remove")}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
