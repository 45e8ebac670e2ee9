import {
  Alert,
  Button,
  Group,
  Input,
  Modal,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  TextInput,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { type ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { formatDuration, type Language } from "../../../lib/format";
import { formatRate } from "../../programs/pricing";
import { programsKey } from "../programs/model";
import { messageAt, messagesUnder, placeProblems } from "../programs/problems";
import {
  CUSTOMER_PROGRAM_FIELDS,
  type CustomerProgram,
  type CustomerProgramForm,
  changePayloadOf,
  createPayloadOf,
  customerProgramFormOf,
  customerProgramProblems,
  customerProgramsKey,
  decimalOf,
  hasProblems,
  MAX_DEFAULT_TIME_SAVED_SECONDS,
  perHourOf,
  wholeNumberOf,
} from "./model";
import { TierEditor } from "./TierEditor";
import { TimeAccountPicker } from "./TimeAccountPicker";

/** Sets a program up for a customer, or changes its pricing, status and time accounts. */
export function CustomerProgramModal({
  opened,
  customerId,
  program,
  language,
  onClose,
}: {
  opened: boolean;
  customerId: string;
  /** null: a new customer program. */
  program: CustomerProgram | null;
  language: Language;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffCustomerPrograms");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const phone = useMediaQuery("(max-width: 36em)");
  const [form, setForm] = useState<CustomerProgramForm>(customerProgramFormOf(null));
  const [submitted, setSubmitted] = useState(false);

  const catalogue = useQuery({
    queryKey: programsKey,
    queryFn: () => unwrap(api.GET("/api/staff/programs")),
    enabled: opened,
  });
  const accounts = useQuery({
    queryKey: ["staff", "customer-time-accounts", customerId],
    queryFn: () =>
      unwrap(api.GET("/api/os/customers/{customerId}/time-accounts", { params: { path: { customerId } } })),
    enabled: opened,
  });

  const save = useMutation<CustomerProgram, ApiError, CustomerProgramForm>({
    mutationFn: (values) =>
      program
        ? unwrap(
            api.PATCH("/api/staff/customer-programs/{id}", {
              params: { path: { id: program.id } },
              body: changePayloadOf(values),
            }),
          )
        : unwrap(api.POST("/api/staff/customer-programs", { body: createPayloadOf(values, customerId) })),
    onSuccess: (saved) => {
      void queryClient.invalidateQueries({ queryKey: customerProgramsKey(customerId) });
      notifications.show({
        color: "green",
        message: t(program ? "form.updated" : "form.created", { name: saved.program.name }),
      });
      close();
    },
  });

  // A fresh form each time the dialog opens, filled with what is stored.
  // biome-ignore lint/correctness/useExhaustiveDependencies: only opening the dialog resets the form
  useEffect(() => {
    if (opened) {
      setForm(customerProgramFormOf(program));
      setSubmitted(false);
      save.reset();
    }
  }, [opened, program?.id]);

  function close() {
    save.reset();
    onClose();
  }

  const set = <K extends keyof CustomerProgramForm>(key: K, value: CustomerProgramForm[K]) =>
    setForm((before) => ({ ...before, [key]: value }));

  const problems = submitted ? customerProgramProblems(form) : null;
  const server = placeProblems(save.error, CUSTOMER_PROGRAM_FIELDS);
  const fieldError = (name: keyof NonNullable<typeof problems>["fields"]) => {
    const problem = problems?.fields[name];
    return problem
      ? t(`validation.${name}.${problem}`, { max: MAX_DEFAULT_TIME_SAVED_SECONDS })
      : messagesUnder(server, name);
  };

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (hasProblems(customerProgramProblems(form))) return;
    save.mutate(form);
  }

  const seconds = wholeNumberOf(form.defaultTimeSavedSeconds);
  const price = decimalOf(form.pricePerSecond);
  const currency = /^[A-Z]{3}$/.test(form.currency) ? form.currency : "EUR";
  const programOptions = (catalogue.data?.items ?? [])
    .filter((entry) => entry.isActive || entry.id === form.programId)
    .map((entry) => ({ value: entry.id, label: entry.name }));
  if (program && !programOptions.some((option) => option.value === program.program.id)) {
    programOptions.unshift({ value: program.program.id, label: program.program.name });
  }

  return (
    <Modal
      opened={opened}
      onClose={close}
      title={program ? t("form.editTitle", { name: program.program.name }) : t("form.createTitle")}
      closeButtonProps={{ "aria-label": common("actions.close") }}
      size="lg"
      fullScreen={phone}
    >
      <form onSubmit={submit} noValidate>
        <Stack>
          <Select
            id="customer-program-program"
            label={t("fields.program")}
            description={program ? t("fields.programFixed") : undefined}
            placeholder={t("fields.programPlaceholder")}
            required
            searchable
            disabled={program !== null}
            data={programOptions}
            value={form.programId}
            onChange={(id) => set("programId", id)}
            nothingFoundMessage={t("fields.noProgramFound")}
            error={fieldError("programId")}
            data-testid="customer-program-program"
          />
          <TextInput
            id="customer-program-seconds"
            label={t("fields.defaultTimeSaved")}
            description={
              seconds !== null
                ? t("fields.defaultTimeSavedPreview", { duration: formatDuration(seconds, language) })
                : t("fields.defaultTimeSavedHint")
            }
            required
            inputMode="numeric"
            rightSection={t("fields.secondsUnit")}
            rightSectionWidth={48}
            value={form.defaultTimeSavedSeconds}
            onChange={(event) => set("defaultTimeSavedSeconds", event.currentTarget.value)}
            error={fieldError("defaultTimeSavedSeconds")}
            data-testid="customer-program-seconds"
          />
          <Input.Wrapper label={t("fields.pricingMode")} error={messageAt(server, "pricingMode")}>
            <SegmentedControl
              display="flex"
              mt={4}
              aria-label={t("fields.pricingMode")}
              value={form.pricingMode}
              onChange={(mode) => set("pricingMode", mode as CustomerProgramForm["pricingMode"])}
              data={[
                { value: "fixed", label: t("pricingMode.fixed") },
                { value: "tiered", label: t("pricingMode.tiered") },
              ]}
              data-testid="pricing-mode"
            />
          </Input.Wrapper>
          {form.pricingMode === "fixed" ? (
            <TextInput
              id="customer-program-price"
              label={t("fields.pricePerSecond", { currency })}
              description={
                price !== null
                  ? t("fields.pricePerSecondPreview", {
                      perHour: formatRate(perHourOf(price), currency, language),
                    })
                  : t("fields.pricePerSecondHint")
              }
              required
              inputMode="decimal"
              value={form.pricePerSecond}
              onChange={(event) => set("pricePerSecond", event.currentTarget.value)}
              error={fieldError("pricePerSecond")}
              data-testid="customer-program-price"
            />
          ) : (
            <TierEditor
              rows={form.tiers}
              onChange={(rows) => set("tiers", rows)}
              effectiveTiers={program?.tiers ?? null}
              currency={currency}
              problems={problems}
              server={server}
            />
          )}
          <TextInput
            id="customer-program-currency"
            label={t("fields.currency")}
            description={t("fields.currencyHint")}
            maxLength={3}
            w={{ base: "100%", xs: 220 }}
            value={form.currency}
            onChange={(event) => set("currency", event.currentTarget.value.toUpperCase())}
            error={fieldError("currency")}
          />
          <Switch
            label={t("fields.active")}
            description={t("fields.activeHint")}
            checked={form.isActive}
            onChange={(event) => set("isActive", event.currentTarget.checked)}
            error={messageAt(server, "isActive")}
          />
          <TimeAccountPicker
            ids={form.timeAccountIds}
            onChange={(ids) => set("timeAccountIds", ids)}
            accounts={accounts.data?.items}
            language={language}
            error={
              problems?.fields.timeAccountIds
                ? t("validation.timeAccountIds.tooMany")
                : (messageAt(server, "timeAccountIds") ??
                  (accounts.error ? t("accounts.loadFailed") : undefined))
            }
            server={server}
          />
          {save.error && !server.placed && <ErrorAlert error={save.error} />}
          {(save.error && server.placed) || (problems && hasProblems(problems)) ? (
            <Alert color="red" variant="light" role="alert">
              {t("form.checkFields")}
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {common("actions.cancel")}
            </Button>
            <Button type="submit" loading={save.isPending} data-testid="save-customer-program">
              {common("actions.save")}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
