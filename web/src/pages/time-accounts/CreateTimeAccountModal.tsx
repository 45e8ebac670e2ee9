import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { accountsKey, MAX_NAME_LENGTH, nameProblem } from "./model";

/** "Zeitkonto anlegen": a name, checked here as the server checks it; the server's refusal is shown. */
export function CreateTimeAccountModal({
  opened,
  customerId,
  onClose,
}: {
  opened: boolean;
  customerId: string;
  onClose: () => void;
}) {
  const { t } = useTranslation("timeAccounts");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const [touched, setTouched] = useState(false);
  const create = useMutation({
    mutationFn: (body: { name: string }) =>
      unwrap(
        api.POST("/api/os/customers/{customerId}/time-accounts", {
          params: { path: { customerId } },
          body,
        }),
      ),
    onSuccess: async (account) => {
      await queryClient.invalidateQueries({ queryKey: accountsKey(customerId) });
      notifications.show({ color: "green", message: t("create.done", { name: account.name }) });
      close();
    },
  });
  const problem = nameProblem(name);

  function close() {
    setName("");
    setTouched(false);
    create.reset();
    onClose();
  }

  function submit(event: FormEvent) {
    event.preventDefault();
    setTouched(true);
    if (problem) return;
    create.mutate({ name: name.trim() });
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("create.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            label={t("create.name")}
            placeholder={t("create.namePlaceholder")}
            description={t("create.nameHint")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            onBlur={() => setTouched(true)}
            error={touched && problem ? t(`validation.${problem}`, { max: MAX_NAME_LENGTH }) : undefined}
            required
            data-autofocus
            id="time-account-name"
          />
          {create.error && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending}>
              {t("create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
