/**
 * One complaint in the staff console: the same facts and thread as in NADOO OS, plus working it —
 * "In Bearbeitung nehmen", "Annehmen", "Ablehnen" (SPEC §8). Accepting and rejecting are final and
 * ask first, with a comment for the customer (required when rejecting) and what will happen to the
 * execution. A refusal (409: already closed) is said in plain words and the page reloads the complaint.
 */
import { Alert, Anchor, Button, Group, Modal, Stack, Text, Textarea } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link, useParams } from "react-router";
import { ApiError, api, unwrap } from "../../../api/client";
import { NOTIFICATIONS_KEY } from "../../../components/NotificationBell";
import { PageHeader } from "../../../components/PageHeader";
import { ErrorAlert, QueryState } from "../../../components/QueryState";
import { isLanguage } from "../../../i18n";
import type { Language } from "../../../lib/format";
import {
  ComplaintFacts,
  ComplaintThread,
  MAX_COMMENT_TEXT,
  useComplaint,
} from "../../complaints/ComplaintView";
import { COMPLAINTS_KEY, type ComplaintDetail } from "../../complaints/model";

type Decision = "accepted" | "rejected";
type Change = { status: "in_progress" | Decision; comment?: string };

/** Changes the status; afterwards every complaint, notification and execution shown is refetched. */
function useChangeStatus(complaint: ComplaintDetail) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (change: Change) =>
      unwrap(
        api.POST("/api/staff/complaints/{complaintId}/status", {
          params: { path: { complaintId: complaint.id } },
          body: change,
        }),
      ),
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY }),
        queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
        queryClient.invalidateQueries({ queryKey: ["executions", complaint.customerId] }),
      ]),
  });
}

function ChangeError({ error }: { error: unknown }) {
  const { t } = useTranslation("staffComplaints");
  if (error instanceof ApiError && error.status === 409) {
    return (
      <Alert color="red" title={t("conflict.title")} role="alert" data-testid="status-conflict">
        {t("conflict.text")}
      </Alert>
    );
  }
  return <ErrorAlert error={error} />;
}

function DecisionDialog({
  complaint,
  decision,
  onClose,
}: {
  complaint: ComplaintDetail;
  decision: Decision | null;
  onClose: () => void;
}) {
  const { t } = useTranslation("staffComplaints");
  return (
    <Modal
      opened={decision !== null}
      onClose={onClose}
      title={decision ? t(`decision.${decision}.title`) : ""}
      centered
      size="lg"
      returnFocus
    >
      {decision && <DecisionForm key={decision} complaint={complaint} decision={decision} onDone={onClose} />}
    </Modal>
  );
}

function DecisionForm({
  complaint,
  decision,
  onDone,
}: {
  complaint: ComplaintDetail;
  decision: Decision;
  onDone: () => void;
}) {
  const { t } = useTranslation("staffComplaints");
  const { t: common } = useTranslation();
  const change = useChangeStatus(complaint);
  const [comment, setComment] = useState("");
  const [missing, setMissing] = useState(false);
  const required = decision === "rejected";
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = comment.trim();
    if (required && trimmed === "") {
      setMissing(true);
      return;
    }
    change.mutate(
      { status: decision, ...(trimmed ? { comment: trimmed } : {}) },
      {
        onSuccess: () => {
          notifications.show({ color: "teal", message: t(`decision.${decision}.done`) });
          onDone();
        },
      },
    );
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Text size="sm">
          {complaint.execution ? t(`decision.${decision}.consequence`) : t("decision.deletedExecution")}
        </Text>
        <Text size="sm" c="dimmed">
          {t("decision.final")}
        </Text>
        <Textarea
          label={t("decision.comment")}
          description={required ? t("decision.commentRequired") : t("decision.commentOptional")}
          required={required}
          data-autofocus
          autosize
          minRows={3}
          maxRows={8}
          maxLength={MAX_COMMENT_TEXT}
          value={comment}
          onChange={(event) => {
            setComment(event.currentTarget.value);
            if (missing && event.currentTarget.value.trim() !== "") setMissing(false);
          }}
          error={missing ? t("decision.missing") : undefined}
          data-testid="decision-comment"
        />
        {change.error && <ChangeError error={change.error} />}
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onDone} disabled={change.isPending}>
            {common("actions.cancel")}
          </Button>
          <Button
            type="submit"
            color={decision === "rejected" ? "red" : "green"}
            loading={change.isPending}
            data-testid="decision-submit"
          >
            {t(`decision.${decision}.submit`)}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function Actions({ complaint }: { complaint: ComplaintDetail }) {
  const { t } = useTranslation("staffComplaints");
  const [decision, setDecision] = useState<Decision | null>(null);
  const start = useChangeStatus(complaint);
  const closed = complaint.status === "accepted" || complaint.status === "rejected";
  return (
    <Stack gap="xs">
      {closed ? (
        <Text size="sm" c="dimmed" data-testid="closed-note">
          {t("closed")}
        </Text>
      ) : (
        <Group gap="sm" wrap="wrap">
          {complaint.status === "open" && (
            <Button
              variant="light"
              onClick={() =>
                start.mutate(
                  { status: "in_progress" },
                  { onSuccess: () => notifications.show({ color: "teal", message: t("started") }) },
                )
              }
              loading={start.isPending}
              data-testid="start-work"
            >
              {t("actions.start")}
            </Button>
          )}
          <Button color="green" variant="light" onClick={() => setDecision("accepted")} data-testid="accept">
            {t("actions.accept")}
          </Button>
          <Button color="red" variant="light" onClick={() => setDecision("rejected")} data-testid="reject">
            {t("actions.reject")}
          </Button>
        </Group>
      )}
      {start.error && <ChangeError error={start.error} />}
      {/* Stays while the complaint reloads as closed, so a refusal can still be read. */}
      <DecisionDialog complaint={complaint} decision={decision} onClose={() => setDecision(null)} />
    </Stack>
  );
}

export default function ComplaintDetailPage() {
  const { t, i18n } = useTranslation("staffComplaints");
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const { complaintId = "" } = useParams();
  const complaint = useComplaint(complaintId);
  return (
    <>
      <Anchor component={Link} to="/complaints" size="sm" mb="xs" display="inline-block">
        {t("back")}
      </Anchor>
      <PageHeader title={t("detailTitle")} description={complaint.data?.customerName} />
      <QueryState query={complaint}>
        {(data) => (
          <Stack gap="md" maw={880}>
            <Actions complaint={data} />
            <ComplaintFacts complaint={data} language={language} />
            <ComplaintThread complaint={data} language={language} />
            <Anchor href={`/os/c/${data.customerId}/complaints/${data.id}`} size="sm">
              {t("openInOs")}
            </Anchor>
          </Stack>
        )}
      </QueryState>
    </>
  );
}
