/**
 * Staff's changes to one account's balance: "Aufladen" (a purchase), "Korrigieren" (either way, with
 * a reason) and "Umbuchen" (to another active account of the customer). The amount is typed as
 * hours, minutes and seconds with a preview of what it adds up to; refusals show in the dialog.
 */
import {
  Alert,
  Button,
  Group,
  Modal,
  NumberInput,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
} from "@mantine/core";
import { useMediaQuery } from "@mantine/hooks";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { ApiError, api, unwrap } from "../../../api/client";
import { ErrorAlert } from "../../../components/QueryState";
import { formatDuration, formatNumber, type Language } from "../../../lib/format";
import { accountsKey, ledgerKey, type TimeAccount } from "../../time-accounts/model";
import {
  amountProblem,
  type DurationParts,
  MAX_CHANGE_SECONDS,
  MAX_REASON_LENGTH,
  NO_DURATION,
  reasonProblem,
  secondsOf,
  serverFieldError,
} from "./model";

export type ChangeKind = "topUp" | "adjust" | "transfer";

export function BalanceChangeModal({
  kind,
  account,
  accounts,
  language,
  onClose,
}: {
  kind: ChangeKind | null;
  account: TimeAccount | null;
  /** All accounts of the customer, for the transfer's target. */
  accounts: TimeAccount[];
  language: Language;
  onClose: () => void;
}) {
  const { t: common } = useTranslation();
  const { t } = useTranslation("staffTimeAccounts");
  const phone = useMediaQuery("(max-width: 36em)");
  const opened = kind !== null && account !== null;
  return (
    <Modal
      opened={opened}
      onClose={onClose}
      fullScreen={phone}
      title={opened ? t(`${kind}.title`, { name: account.name }) : ""}
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {opened && (
        <ChangeForm
          key={`${kind}-${account.id}`}
          kind={kind}
          account={account}
          accounts={accounts}
          language={language}
          onDone={onClose}
        />
      )}
    </Modal>
  );
}

interface ChangeBody {
  seconds: number;
  reason: string;
  toTimeAccountId: string;
}

function ChangeForm({
  kind,
  account,
  accounts,
  language,
  onDone,
}: {
  kind: ChangeKind;
  account: TimeAccount;
  accounts: TimeAccount[];
  language: Language;
  onDone: () => void;
}) {
  const { t: common } = useTranslation();
  const { t } = useTranslation("staffTimeAccounts");
  const queryClient = useQueryClient();
  const [parts, setParts] = useState<DurationParts>(NO_DURATION);
  const [direction, setDirection] = useState<"add" | "remove">("add");
  const [reason, setReason] = useState("");
  const [target, setTarget] = useState<string | null>(null);
  const [submitted, setSubmitted] = useState(false);
  const targets = accounts.filter((other) => other.id !== account.id && other.isActive);

  const change = useMutation({
    mutationFn: async ({ seconds, reason: text, toTimeAccountId }: ChangeBody) => {
      const path = { id: account.id };
      const optionalReason = text.trim() === "" ? null : text.trim();
      if (kind === "topUp") {
        return unwrap(
          api.POST("/api/staff/time-accounts/{id}/top-ups", {
            params: { path },
            body: { seconds, reason: optionalReason },
          }),
        );
      }
      if (kind === "adjust") {
        return unwrap(
          api.POST("/api/staff/time-accounts/{id}/adjustments", {
            params: { path },
            body: { seconds, reason: text.trim() },
          }),
        );
      }
      return unwrap(
        api.POST("/api/staff/time-accounts/{id}/transfers", {
          params: { path },
          body: { seconds, toTimeAccountId, reason: optionalReason },
        }),
      );
    },
    onSuccess: async (_result, body) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: accountsKey(account.customerId) }),
        queryClient.invalidateQueries({ queryKey: ledgerKey(account.id) }),
        body.toTimeAccountId
          ? queryClient.invalidateQueries({ queryKey: ledgerKey(body.toTimeAccountId) })
          : undefined,
      ]);
      notifications.show({
        color: "green",
        message: t(`${kind}.done`, { name: account.name, amount: formatDuration(body.seconds, language) }),
      });
      onDone();
    },
    // A refusal may come from a balance changed meanwhile: show the current one.
    onError: () => queryClient.invalidateQueries({ queryKey: accountsKey(account.customerId) }),
  });

  const amount = secondsOf(parts);
  const signed = kind === "adjust" && direction === "remove" ? -amount : amount;
  const amountError = amountProblem(amount);
  const reasonError = reasonProblem(reason, kind === "adjust");
  const targetError = kind === "transfer" && !target ? "targetRequired" : null;
  const refused = change.error instanceof ApiError ? change.error : null;
  const insufficient = refused?.code === "insufficient_balance";

  function submit(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (amountError || reasonError || targetError) return;
    change.mutate({ seconds: signed, reason, toTimeAccountId: target ?? "" });
  }

  const setPart = (name: keyof DurationParts) => (value: number | string) =>
    setParts((current) => ({ ...current, [name]: value }));
  const serverAmountError = serverFieldError(change.error, "seconds");

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        <Text size="sm" c="dimmed" data-testid="change-balance-now">
          {t("form.balanceNow", { value: formatDuration(account.balanceSeconds, language) })}
        </Text>
        {kind === "adjust" && (
          <SegmentedControl
            value={direction}
            onChange={(value) => setDirection(value === "remove" ? "remove" : "add")}
            data={[
              { value: "add", label: t("form.add") },
              { value: "remove", label: t("form.remove") },
            ]}
            aria-label={t("form.direction")}
            data-testid="adjust-direction"
            fullWidth
          />
        )}
        {kind === "transfer" &&
          (targets.length === 0 ? (
            <Alert color="yellow">{t("transfer.noTarget")}</Alert>
          ) : (
            <Select
              label={t("transfer.target")}
              data={targets.map((other) => ({
                value: other.id,
                label: `${other.name} (${formatDuration(other.balanceSeconds, language)})`,
              }))}
              value={target}
              onChange={setTarget}
              required
              error={
                submitted && targetError
                  ? t(`validation.${targetError}`)
                  : serverFieldError(change.error, "toTimeAccountId")
              }
              data-testid="transfer-target"
            />
          ))}
        <fieldset style={{ border: 0, padding: 0, margin: 0, minWidth: 0 }}>
          <Text component="legend" size="sm" fw={500} mb={4}>
            {t("form.amount")}
          </Text>
          <Group gap="xs" grow wrap="nowrap" align="flex-start">
            <NumberInput
              label={t("form.hours")}
              value={parts.hours}
              onChange={setPart("hours")}
              min={0}
              max={Math.floor(MAX_CHANGE_SECONDS / 3600)}
              allowDecimal={false}
              allowNegative={false}
              data-autofocus
              data-testid="amount-hours"
            />
            <NumberInput
              label={t("form.minutes")}
              value={parts.minutes}
              onChange={setPart("minutes")}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              data-testid="amount-minutes"
            />
            <NumberInput
              label={t("form.seconds")}
              value={parts.seconds}
              onChange={setPart("seconds")}
              min={0}
              allowDecimal={false}
              allowNegative={false}
              data-testid="amount-seconds"
            />
          </Group>
          <Text
            size="sm"
            mt={6}
            c={submitted && amountError ? "red.7" : "dimmed"}
            role={submitted && amountError ? "alert" : undefined}
            data-testid="amount-preview"
          >
            {submitted && amountError
              ? t(`validation.${amountError}`)
              : amountError
                ? t("form.previewEmpty")
                : t("form.preview", {
                    value: formatDuration(signed, language),
                    seconds: `${signed < 0 ? "−" : ""}${formatNumber(Math.abs(signed), language)}`,
                  })}
          </Text>
          {serverAmountError && (
            <Text size="sm" c="red.7">
              {serverAmountError}
            </Text>
          )}
        </fieldset>
        <Textarea
          label={kind === "adjust" ? t("form.reasonRequired") : t("form.reason")}
          description={kind === "adjust" ? t("form.reasonHint") : undefined}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          required={kind === "adjust"}
          maxLength={MAX_REASON_LENGTH}
          autosize
          minRows={2}
          error={
            submitted && reasonError
              ? t(`validation.${reasonError}`, { max: MAX_REASON_LENGTH })
              : serverFieldError(change.error, "reason")
          }
          data-testid="change-reason"
        />
        {insufficient ? (
          <Alert color="red" title={t("insufficient.title")} role="alert" data-testid="insufficient">
            {t("insufficient.text", {
              amount: formatDuration(Math.abs(signed), language),
              balance: formatDuration(account.balanceSeconds, language),
            })}
          </Alert>
        ) : (
          change.error && <ErrorAlert error={change.error} />
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {common("actions.cancel")}
          </Button>
          <Button
            type="submit"
            loading={change.isPending}
            disabled={kind === "transfer" && targets.length === 0}
            data-testid="change-submit"
          >
            {t(`${kind}.submit`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
