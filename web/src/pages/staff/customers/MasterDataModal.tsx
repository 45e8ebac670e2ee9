import { Button, Group, Modal, Stack, Switch, Text, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { fieldErrorsOf, MAX_NAME_LENGTH, nameProblem } from "../../customer/address";
import { type StaffCustomer, staffCustomerKey, staffCustomersKey } from "./model";

/** Name, customer number (empty removes it) and whether the customer is active. */
export function MasterDataModal({
  opened,
  customer,
  onClose,
}: {
  opened: boolean;
  customer: StaffCustomer;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffCustomers");
  const { t: customerText } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [name, setName] = useState(customer.name);
  const [number, setNumber] = useState(customer.customerNumber ?? "");
  const [active, setActive] = useState(customer.isActive);
  const [submitted, setSubmitted] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (opened) {
      setName(customer.name);
      setNumber(customer.customerNumber ?? "");
      setActive(customer.isActive);
      setSubmitted(false);
    }
  }, [opened]);

  const save = useMutation<StaffCustomer, ApiError, void>({
    mutationFn: () =>
      unwrap(
        api.PATCH("/api/staff/customers/{customerId}", {
          params: { path: { customerId: customer.id } },
          body: { name: name.trim(), customerNumber: number.trim() || null, isActive: active },
        }),
      ),
    onSuccess: async (updated) => {
      queryClient.setQueryData(staffCustomerKey(customer.id), updated);
      await queryClient.invalidateQueries({ queryKey: staffCustomersKey, exact: false });
      notifications.show({ color: "green", message: t("master.saved") });
      close();
    },
  });

  function close() {
    save.reset();
    onClose();
  }

  const nameIssue = submitted ? nameProblem(name) : null;
  const server = fieldErrorsOf(save.error, ["name", "customerNumber", "isActive"] as const);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (nameProblem(name)) return;
    save.mutate();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("master.title")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id="master-name"
            label={t("fields.name")}
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
            maxLength={MAX_NAME_LENGTH}
            required
            data-autofocus
            error={
              nameIssue
                ? customerText(`validation.${nameIssue}`, { max: MAX_NAME_LENGTH })
                : server.byField.name
            }
          />
          <TextInput
            id="master-number"
            label={t("fields.customerNumber")}
            description={t("fields.customerNumberEditHint")}
            value={number}
            onChange={(event) => setNumber(event.currentTarget.value)}
            maxLength={50}
            error={server.byField.customerNumber ? t("fields.customerNumberTaken") : undefined}
          />
          <Switch
            id="master-active"
            label={t("fields.active")}
            checked={active}
            onChange={(event) => setActive(event.currentTarget.checked)}
          />
          {!active && customer.isActive && (
            <Text size="sm" c="orange.8">
              {t("master.deactivateHint")}
            </Text>
          )}
          {save.error && !server.placed && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-master-data">
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
