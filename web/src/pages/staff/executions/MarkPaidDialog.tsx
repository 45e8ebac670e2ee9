/**
 * "Monat als bezahlt markieren": a customer and a month (Berlin month boundaries), then a question
 * before the change; the page shows afterwards how many executions were marked.
 */
import { Button, Group, Modal, Stack, TextInput } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import type { Language } from "../../../lib/format";
import { CustomerPicker, type PickedCustomer } from "../../../staff/CustomerPicker";
import { addMonths, reportingDay } from "../../dashboard/period";
import { monthToInstants } from "./berlin";
import { formatMonth, STAFF_EXECUTIONS_KEY } from "./model";

export interface MarkedPaid {
  count: number;
  customerName: string;
  month: string;
}

/** The month before the current one in Berlin, `YYYY-MM`. */
function lastMonth(now: Date): string {
  return addMonths(reportingDay(now), -1).slice(0, 7);
}

/** Open while mounted. */
export function MarkPaidDialog({
  customer,
  language,
  onClose,
  onMarked,
}: {
  /** The customer of the page's filter, to start with. */
  customer: PickedCustomer | null;
  language: Language;
  onClose: () => void;
  onMarked: (result: MarkedPaid) => void;
}) {
  const { t } = useTranslation("staffExecutions");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [picked, setPicked] = useState<PickedCustomer | null>(customer);
  const [month, setMonth] = useState(() => lastMonth(new Date()));
  const [confirming, setConfirming] = useState(false);
  const [submitted, setSubmitted] = useState(false);
  const range = monthToInstants(month);

  const mark = useMutation({
    mutationFn: (body: { customerId: string; from: string; to: string }) =>
      unwrap(api.POST("/api/staff/executions/mark-paid", { body })),
    onSuccess: async ({ count }) => {
      await queryClient.invalidateQueries({ queryKey: STAFF_EXECUTIONS_KEY });
      onMarked({ count, customerName: picked?.name ?? "", month });
      close();
    },
  });

  function close() {
    mark.reset();
    setConfirming(false);
    setSubmitted(false);
    onClose();
  }

  function next(event: FormEvent) {
    event.preventDefault();
    setSubmitted(true);
    if (picked && range) setConfirming(true);
  }

  return (
    <>
      <Modal
        opened={!confirming}
        onClose={close}
        title={t("markPaid.title")}
        closeButtonProps={{ "aria-label": common("actions.close") }}
      >
        <form onSubmit={next} noValidate>
          <Stack>
            <CustomerPicker
              value={picked?.id ?? null}
              onChange={setPicked}
              required
              error={submitted && !picked ? t("markPaid.customerRequired") : undefined}
              data-testid="mark-paid-customer"
              comboboxProps={{ withinPortal: true }}
            />
            <TextInput
              type="month"
              label={t("markPaid.month")}
              description={t("markPaid.monthHint")}
              value={month}
              onChange={(event) => setMonth(event.currentTarget.value)}
              required
              error={submitted && !range ? t("markPaid.monthRequired") : undefined}
              data-testid="mark-paid-month"
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {common("actions.cancel")}
              </Button>
              <Button type="submit" data-testid="mark-paid-next">
                {t("markPaid.next")}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
      <ConfirmDialog
        opened={confirming}
        title={t("markPaid.confirmTitle")}
        confirmLabel={t("markPaid.confirm")}
        onConfirm={() => picked && range && mark.mutate({ customerId: picked.id, ...range })}
        onClose={close}
        pending={mark.isPending}
        error={mark.error}
      >
        {t("markPaid.confirmText", { customer: picked?.name ?? "", month: formatMonth(month, language) })}
      </ConfirmDialog>
    </>
  );
}
