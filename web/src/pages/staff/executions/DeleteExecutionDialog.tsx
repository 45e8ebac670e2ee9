/**
 * "Löschen" of one execution: asks first, with "Sekunden erstatten" on by default; afterwards the
 * page shows what went back to which account (names read from the customer's accounts).
 */
import { Checkbox, Stack, Text } from "@mantine/core";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../../api/client";
import { ConfirmDialog } from "../../../components/ConfirmDialog";
import { formatDateTime, formatDuration, type Language } from "../../../lib/format";
import { accountsKey } from "../../time-accounts/model";
import { STAFF_EXECUTIONS_KEY, type StaffExecution } from "./model";

export interface DeletedExecution {
  execution: StaffExecution;
  refunded: boolean;
  refunds: { timeAccountId: string; name: string; seconds: number }[];
}

export function DeleteExecutionDialog({
  execution,
  language,
  onClose,
  onDeleted,
}: {
  execution: StaffExecution | null;
  language: Language;
  onClose: () => void;
  onDeleted: (result: DeletedExecution) => void;
}) {
  const { t } = useTranslation("staffExecutions");
  const queryClient = useQueryClient();
  const [refund, setRefund] = useState(true);
  const remove = useMutation({
    mutationFn: async ({ item, withRefund }: { item: StaffExecution; withRefund: boolean }) => {
      const result = await unwrap(
        api.DELETE("/api/staff/executions/{executionId}", {
          params: { path: { executionId: item.id }, query: { refund: withRefund ? "true" : "false" } },
        }),
      );
      const accounts = result.refunds.length
        ? await unwrap(
            api.GET("/api/os/customers/{customerId}/time-accounts", {
              params: { path: { customerId: item.customerId } },
            }),
          )
        : { items: [] };
      const names = new Map(accounts.items.map((account) => [account.id, account.name]));
      return {
        execution: item,
        refunded: withRefund,
        refunds: result.refunds.map((entry) => ({
          ...entry,
          name: names.get(entry.timeAccountId) ?? entry.timeAccountId,
        })),
      };
    },
    onSuccess: async (result) => {
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: STAFF_EXECUTIONS_KEY }),
        queryClient.invalidateQueries({ queryKey: accountsKey(result.execution.customerId) }),
      ]);
      onDeleted(result);
      close();
    },
  });

  function close() {
    remove.reset();
    setRefund(true);
    onClose();
  }

  return (
    <ConfirmDialog
      opened={execution !== null}
      title={t("delete.title")}
      confirmLabel={t("delete.confirm")}
      onConfirm={() => execution && remove.mutate({ item: execution, withRefund: refund })}
      onClose={close}
      pending={remove.isPending}
      error={remove.error}
    >
      {execution && (
        <Stack gap="sm">
          <Text>
            {t("delete.text", {
              date: formatDateTime(execution.createdAt, language),
              customer: execution.customerName,
              program: execution.programName,
            })}
          </Text>
          <Checkbox
            label={t("delete.refund")}
            description={t("delete.refundHint", {
              covered: formatDuration(execution.coveredSeconds, language),
            })}
            checked={refund}
            onChange={(event) => setRefund(event.currentTarget.checked)}
            data-testid="delete-refund"
          />
        </Stack>
      )}
    </ConfirmDialog>
  );
}
