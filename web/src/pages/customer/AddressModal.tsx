import { Button, Group, Modal, Stack } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { ApiError } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { AddressFields } from "./AddressFields";
import {
  ADDRESS_FIELDS,
  type Address,
  type AddressForm,
  type AddressKind,
  addressProblems,
  fieldErrorsOf,
  formOf,
  payloadOf,
} from "./address";

export type AddressPayload = ReturnType<typeof payloadOf>;

/**
 * Sets a customer's billing or shipping address: checked here first, the server's field errors
 * placed on the fields. `save` sends it (NADOO OS and the staff console use their own routes) and
 * `onSaved` takes the customer it returns.
 */
export function AddressModal<C extends { billingAddress: Address | null; shippingAddress: Address | null }>({
  kind,
  customer,
  save: send,
  onSaved,
  onClose,
}: {
  kind: AddressKind | null;
  customer: C;
  save: (kind: AddressKind, body: AddressPayload) => Promise<C>;
  onSaved: (updated: C) => void;
  onClose: () => void;
}) {
  const { t } = useTranslation("customer");
  const { t: common } = useTranslation();
  const [form, setForm] = useState<AddressForm>(formOf(null));
  const [submitted, setSubmitted] = useState(false);

  // A new form each time the dialog opens, filled with what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (kind) {
      setForm(formOf(kind === "billing" ? customer.billingAddress : customer.shippingAddress));
      setSubmitted(false);
    }
  }, [kind]);

  const save = useMutation<C, ApiError, { kind: AddressKind; body: AddressPayload }>({
    mutationFn: ({ kind: which, body }) => send(which, body),
    onSuccess: (updated, { kind: which }) => {
      onSaved(updated);
      notifications.show({ color: "green", message: t("address.saved", { what: t(`address.${which}`) }) });
      close();
    },
  });

  function close() {
    save.reset();
    onClose();
  }

  const problems = addressProblems(form);
  const server = fieldErrorsOf(save.error, ADDRESS_FIELDS);

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (!kind || Object.keys(problems).length > 0) return;
    save.mutate({ kind, body: payloadOf(form) });
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
            problems={submitted ? problems : {}}
            serverErrors={server.byField}
            required
            autoFocus
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
