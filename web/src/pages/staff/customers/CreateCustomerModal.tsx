import { Button, Group, Modal, Stack, Text, TextInput, Title } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { AddressFields } from "../../customer/AddressFields";
import {
  ADDRESS_FIELDS,
  addressProblems,
  fieldErrorsOf,
  formOf,
  MAX_NAME_LENGTH,
  nameProblem,
  payloadOf,
} from "../../customer/address";
import { nestedFieldErrors, type StaffCustomer, staffCustomerKey, staffCustomersKey } from "./model";

const EMPTY_ADDRESS = formOf(null);

/** Whether anything but the preset country was typed: only then is an address sent (and checked). */
function hasAddress(form: typeof EMPTY_ADDRESS): boolean {
  return ADDRESS_FIELDS.some((field) => field !== "country" && form[field].trim() !== "");
}

/** "Kunde anlegen": name, customer number and (optionally) the billing address; opens the new customer. */
export function CreateCustomerModal({ opened, onClose }: { opened: boolean; onClose: () => void }) {
  const { t } = useTranslation("staffCustomers");
  const { t: customerText } = useTranslation("customer");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const [name, setName] = useState("");
  const [number, setNumber] = useState("");
  const [address, setAddress] = useState(EMPTY_ADDRESS);
  const [submitted, setSubmitted] = useState(false);

  const create = useMutation<StaffCustomer, ApiError, void>({
    mutationFn: () =>
      unwrap(
        api.POST("/api/staff/customers", {
          body: {
            name: name.trim(),
            customerNumber: number.trim() || null,
            billingAddress: hasAddress(address) ? payloadOf(address) : null,
          },
        }),
      ),
    onSuccess: async (customer) => {
      queryClient.setQueryData(staffCustomerKey(customer.id), customer);
      await queryClient.invalidateQueries({ queryKey: staffCustomersKey });
      close();
      navigate(`/customers/${customer.id}`);
    },
  });

  function close() {
    setName("");
    setNumber("");
    setAddress(EMPTY_ADDRESS);
    setSubmitted(false);
    create.reset();
    onClose();
  }

  const withAddress = hasAddress(address);
  const problems = submitted && withAddress ? addressProblems(address) : {};
  const nameIssue = submitted ? nameProblem(name) : null;
  const server = fieldErrorsOf(create.error, ["name", "customerNumber"] as const);
  const addressErrors = nestedFieldErrors(create.error?.problem.errors, "billingAddress", ADDRESS_FIELDS);
  const placed = server.placed || Object.keys(addressErrors).length > 0;

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (nameProblem(name) || (withAddress && Object.keys(addressProblems(address)).length > 0)) return;
    create.mutate();
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={t("create.title")}
      size="lg"
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <TextInput
            id="customer-name"
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
            id="customer-number"
            label={t("fields.customerNumber")}
            description={t("fields.customerNumberHint")}
            value={number}
            onChange={(event) => setNumber(event.currentTarget.value)}
            maxLength={50}
            error={server.byField.customerNumber ? t("fields.customerNumberTaken") : undefined}
          />
          <Title order={3} size="h5" mt="xs">
            {customerText("address.billing")}
          </Title>
          <Text size="sm" c="dimmed" mt={-8}>
            {t("create.addressHint")}
          </Text>
          <AddressFields
            idPrefix="billing"
            form={address}
            onChange={setAddress}
            problems={problems}
            serverErrors={addressErrors}
            required={withAddress}
          />
          {create.error && !placed && <ErrorAlert error={create.error} />}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={create.isPending} data-testid="create-customer-submit">
              {t("create.submit")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
