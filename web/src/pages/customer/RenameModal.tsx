import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../api/client";
import { ROLES_KEY } from "../../app/session";
import { ErrorAlert } from "../../components/QueryState";
import { type Customer, customerKey, fieldErrorsOf, MAX_NAME_LENGTH, nameProblem } from "./address";

/** Renames the company; the menu's customer name follows (it comes from my roles). */
export function RenameModal({
  opened,
  customer,
  onClose,
}: {
  opened: boolean;
  customer: Customer;
  onClose: () => void;
}) {
  const { t } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(customer.name);
  const [submitted, setSubmitted] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (opened) {
      setName(customer.name);
      setSubmitted(false);
    }
  }, [opened]);

  const rename = useMutation<Customer, ApiError, string>({
    mutationFn: (newName) =>
      unwrap(
        api.PATCH("/api/os/customers/{customerId}", {
          params: { path: { customerId: customer.id } },
          body: { name: newName },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(customerKey(customer.id), updated);
      await queryClient.invalidateQueries({ queryKey: ROLES_KEY });
      notifications.show({ color: "green", message: t("rename.done", { name: updated.name }) });
      close();
    },
  });

  function close() {
    rename.reset();
    onClose();
  }

  const problem = nameProblem(name);
  const server = fieldErrorsOf(rename.error, ["name"] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (problem) return;
    rename.mutate(name.trim());
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("rename.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id="customer-name"
            label={t("rename.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            required
            autoComplete="organization"
            data-autofocus
            error={
              submitted && problem
                ? t(`validation.${problem}`, { max: MAX_NAME_LENGTH })
                : server.byField.name
            }
          />
          {rename.error && !server.placed && <ErrorAlert error={rename.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={rename.isPending}>
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
