/**
 * "Ausführung reklamieren": files a complaint on a not-paid execution (SPEC §8). The text is
 * required; the server revokes the execution and refunds its covered seconds. Focus starts in the
 * text field and returns to the page when the dialog closes; errors stay inside the dialog.
 */
import { Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { ErrorAlert } from "../../components/QueryState";
import { formatDateTime, formatDuration, formatMoney, type Language } from "../../lib/format";
import type { ListedExecution } from "./model";

export const MAX_COMPLAINT_TEXT = 5000;

export function ComplaintDialog({
  execution,
  language,
  onClose,
}: {
  execution: ListedExecution | null;
  language: Language;
  onClose: () => void;
}) {
  const { t } = useTranslation("executions");
  const { t: common } = useTranslation();
  return (
    <Modal
      opened={execution !== null}
      onClose={onClose}
      title={t("complaint.title")}
      centered
      size="lg"
      returnFocus
      closeButtonProps={{ "aria-label": common("actions.close") }}
    >
      {execution && (
        // Keyed by the execution, so a new dialog starts empty.
        <ComplaintForm key={execution.id} execution={execution} language={language} onDone={onClose} />
      )}
    </Modal>
  );
}

function ComplaintForm({
  execution,
  language,
  onDone,
}: {
  execution: ListedExecution;
  language: Language;
  onDone: () => void;
}) {
  const { t } = useTranslation("executions");
  const { t: common } = useTranslation();
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);

  const file = useMutation({
    mutationFn: (complaint: string) =>
      unwrap(
        api.POST("/api/os/executions/{executionId}/complaints", {
          params: { path: { executionId: execution.id } },
          body: { text: complaint },
        }),
      ),
    onSuccess: async (filed) => {
      // Balances, insights and this list all changed: everything shown is refetched, except who
      // is signed in and their roles, which a complaint does not change.
      await queryClient.invalidateQueries({
        predicate: (query) => query.queryKey[0] !== "session" && query.queryKey[0] !== "me",
      });
      const refunded = filed.refunds.reduce((sum, refund) => sum + refund.seconds, 0);
      notifications.show({
        color: "teal",
        title: t("complaint.success"),
        message:
          refunded > 0 ? t("complaint.refunded", { time: formatDuration(refunded, language) }) : undefined,
      });
      onDone();
    },
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === "") {
      setMissing(true);
      return;
    }
    file.mutate(trimmed);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm" c="dimmed" data-testid="complaint-about">
          {t("complaint.about", {
            program: execution.programName,
            date: formatDateTime(execution.createdAt, language),
            time: formatDuration(execution.timeSavedSeconds, language),
            price: formatMoney(execution.price, execution.currency, language),
          })}
        </Text>
        <Textarea
          label={t("complaint.text")}
          description={t("complaint.hint")}
          required
          data-autofocus
          autosize
          minRows={4}
          maxRows={10}
          maxLength={MAX_COMPLAINT_TEXT}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            if (missing && event.currentTarget.value.trim() !== "") setMissing(false);
          }}
          error={missing ? t("complaint.required") : undefined}
          data-testid="complaint-text"
        />
        {file.error && <ErrorAlert error={file.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={file.isPending}>
            {common("actions.cancel")}
          </Button>
          <Button type="submit" color="red" loading={file.isPending} data-testid="complaint-submit">
            {t("complaint.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
