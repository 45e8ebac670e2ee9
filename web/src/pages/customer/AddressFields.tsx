import { Grid, Stack, TextInput } from "@mantine/core";
import type { ChangeEvent } from "react";
import { useTranslation } from "react-i18next";
import { type AddressField, type AddressForm, type FieldProblem, MAX_LENGTH } from "./address";

/**
 * The fields of a postal address (texts of the company data page, which edits the same address),
 * with the page's own and the server's messages per field.
 */
export function AddressFields({
  idPrefix,
  form,
  onChange,
  problems,
  serverErrors,
  required,
  autoFocus = false,
}: {
  idPrefix: string;
  form: AddressForm;
  onChange: (form: AddressForm) => void;
  problems: Partial<Record<AddressField, FieldProblem>>;
  serverErrors: Partial<Record<AddressField, string>>;
  required: boolean;
  /** The first field takes the focus when its dialog opens. */
  autoFocus?: boolean;
}) {
  const { t } = useTranslation("customer");
  const field = (name: AddressField, options: { required?: boolean; autoComplete?: string } = {}) => ({
    id: `${idPrefix}-${name}`,
    label: t(`fields.${name}`),
    value: form[name],
    required: required && (options.required ?? false),
    autoComplete: options.autoComplete,
    onChange: (event: ChangeEvent<HTMLInputElement>) =>
      onChange({ ...form, [name]: event.currentTarget.value }),
    error: problems[name] ? t(`validation.${problems[name]}`, { max: MAX_LENGTH[name] }) : serverErrors[name],
  });
  return (
    <Stack gap="sm">
      <TextInput
        {...field("addressedTo", { autoComplete: "organization" })}
        description={t("fields.addressedToHint")}
        data-autofocus={autoFocus || undefined}
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
    </Stack>
  );
}
