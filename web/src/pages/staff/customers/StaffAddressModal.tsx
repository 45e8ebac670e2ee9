import { Button, Group, Modal, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import {
  ADDRESS_FIELDS,
  type AddressKind,
  addressProblems,
  fieldErrorsOf,
  formOf,
  payloadOf,
} from "../../customer/address";
import { AddressFields } from "./AddressFields";
import { type StaffCustomer, staffCustomerKey } from "./model";

/** Sets a customer's billing or shipping address through the staff API. */
export function StaffAddressModal({
  kind,
  customer,
  onClose,
}: {
  kind: AddressKind | null;
  customer: StaffCustomer;
  onClose: () => void;
}) {
  const { t } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState(formOf(null));
  const [submitted, setSubmitted] = useState(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (kind) {
      setForm(formOf(kind === "billing" ? customer.billingAddress : customer.shippingAddress));
      setSubmitted(false);
    }
  }, [kind]);

  const save = useMutation<StaffCustomer, ApiError, AddressKind>({
    mutationFn: (which) =>
      unwrap(
        api.PUT("/api/staff/customers/{customerId}/addresses/{kind}", {
          params: { path: { customerId: customer.id, kind: which } },
          body: payloadOf(form),
        }),
      ),
    onSuccess: (updated, which) => {
      queryClient.setQueryData(staffCustomerKey(customer.id), updated);
      notifications.show({ color: "green", message: t("address.saved", { what: t(`address.${which}`) }) });
      close();
    },
  });

  function close() {
    save.reset();
    onClose();
  }

  const problems = submitted ? addressProblems(form) : {};
  const server = fieldErrorsOf(save.error, ADDRESS_FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!kind || Object.keys(addressProblems(form)).length > 0) return;
    save.mutate(kind);
  }

  return (
    <Modal
      opened={kind !== null}
      onClose={close}
      title={kind ? t("address.formTitle", { what: t(`address.${kind}`) }) : ""}
      closeButtonProps={{ "aria-label": common("actions.close") }}
      size="lg"
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <AddressFields
            idPrefix="address"
            form={form}
            onChange={setForm}
            problems={problems}
            serverErrors={server.byField}
            required
          />
          {save.error && !server.placed && <ErrorAlert error={save.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-address">
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
