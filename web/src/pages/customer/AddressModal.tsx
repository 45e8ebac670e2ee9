import { Button, Grid, Group, Modal, Stack, TextInput } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import {
  ADDRESS_FIELDS,
  type AddressField,
  type AddressForm,
  type AddressKind,
  addressProblems,
  type Customer,
  customerKey,
  fieldErrorsOf,
  formOf,
  MAX_LENGTH,
  payloadOf,
} from "./address";

/** Sets the billing or shipping address: checked here first, the server's field errors placed on the fields. */
export function AddressModal({
  kind,
  customer,
  onClose,
}: {
  kind: AddressKind | null;
  customer: Customer;
  onClose: () => void;
}) {
  const { t } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [form, setForm] = useState<AddressForm>(formOf(null));
  const [submitted, setSubmitted] = useState(false);
  const current =
    kind === "billing" ? customer.billingAddress : kind === "shipping" ? customer.shippingAddress : null;

  // A new form each time the dialog opens, filled with what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (kind) {
      setForm(formOf(current));
      setSubmitted(false);
    }
  }, [kind]);

  const save = useMutation<Customer, ApiError, { kind: AddressKind; body: ReturnType<typeof payloadOf> }>({
    mutationFn: ({ kind: which, body }) =>
      unwrap(
        api.PUT("/api/os/customers/{customerId}/addresses/{kind}", {
          params: { path: { customerId: customer.id, kind: which } },
          body,
        }),
      ),
    onSuccess: (updated, { kind: which }) => {
      queryClient.setQueryData(customerKey(customer.id), updated);
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

  const field = (name: AddressField, options: { required?: boolean; autoComplete?: string } = {}) => {
    const problem = submitted ? problems[name] : undefined;
    return {
      id: `address-${name}`,
      label: t(`fields.${name}`),
      value: form[name],
      required: options.required ?? false,
      autoComplete: options.autoComplete,
      onChange: (event: React.ChangeEvent<HTMLInputElement>) => {
        const value = event.currentTarget.value;
        setForm((before) => ({ ...before, [name]: value }));
      },
      error: problem ? t(`validation.${problem}`, { max: MAX_LENGTH[name] }) : server.byField[name],
    };
  };

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
          <TextInput
            {...field("addressedTo", { autoComplete: "organization" })}
            description={t("fields.addressedToHint")}
            data-autofocus
          />
          <Grid gap="sm">
            <Grid.Col span={{ base: 12, xs: 8 }}>
              <TextInput {...field("street", { required: true, autoComplete: "address-line1" })} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 4 }}>
              <TextInput {...field("houseNumber")} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 4 }}>
              <TextInput {...field("postalCode", { required: true, autoComplete: "postal-code" })} />
            </Grid.Col>
            <Grid.Col span={{ base: 12, xs: 8 }}>
              <TextInput {...field("town", { required: true, autoComplete: "address-level2" })} />
            </Grid.Col>
          </Grid>
          <TextInput
            {...field("country", { required: true, autoComplete: "country" })}
            description={t("fields.countryHint")}
            maxLength={2}
            w={{ base: "100%", xs: 280 }}
            styles={{ input: { textTransform: "uppercase" } }}
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
