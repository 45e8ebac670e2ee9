/**
 * The parts of one complaint that NADOO OS and the staff console show alike: its status badge, the
 * complaint with the facts of its execution, and the thread (status changes as system lines,
 * comments as messages, NADOO's people marked) with the form to add a comment.
 */
import { Badge, Button, Card, Group, Paper, SimpleGrid, Stack, Text, Textarea, Title } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, type ReactNode, useState } from "react";
import { useTranslation } from "react-i18next";
import { api, unwrap } from "../../api/client";
import { NOTIFICATIONS_KEY } from "../../components/NotificationBell";
import { ErrorAlert } from "../../components/QueryState";
import { formatDateTime, formatDuration, formatMoney, type Language } from "../../lib/format";
import { StatusBadge } from "../executions/ExecutionsTable";
import {
  COMPLAINTS_KEY,
  type ComplaintDetail,
  type ComplaintStatus,
  complaintKey,
  STATUS_COLORS,
} from "./model";

/** One complaint with its thread (GET /api/os/complaints/{id}: its customer's execution managers, staff). */
export function useComplaint(complaintId: string) {
  return useQuery({
    queryKey: complaintKey(complaintId),
    queryFn: () => unwrap(api.GET("/api/os/complaints/{complaintId}", { params: { path: { complaintId } } })),
  });
}

/** The longest comment the server takes. */
export const MAX_COMMENT_TEXT = 5000;

export function ComplaintStatusBadge({ status }: { status: ComplaintStatus }) {
  const { t } = useTranslation("complaints");
  return (
    <Badge
      color={STATUS_COLORS[status]}
      variant="light"
      tt="none"
      styles={{ root: { overflow: "visible" }, label: { overflow: "visible" } }}
      data-testid="complaint-status"
    >
      {t(`statuses.${status}`)}
    </Badge>
  );
}

function Fact({ label, children, testId }: { label: string; children: ReactNode; testId?: string }) {
  return (
    <Stack gap={0}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text size="sm" component="div" data-testid={testId}>
        {children}
      </Text>
    </Stack>
  );
}

/** The complaint's text, who filed it, and the execution it is about (with its payment status now). */
export function ComplaintFacts({ complaint, language }: { complaint: ComplaintDetail; language: Language }) {
  const { t } = useTranslation("complaints");
  const { execution } = complaint;
  return (
    <Card withBorder padding="md">
      <Stack gap="md">
        <Group justify="space-between" wrap="wrap" gap="xs">
          <Text size="sm" c="dimmed">
            {complaint.filedBy
              ? t("detail.filedBy", {
                  name: complaint.filedBy.displayName,
                  date: formatDateTime(complaint.createdAt, language),
                })
              : t("detail.filedAt", { date: formatDateTime(complaint.createdAt, language) })}
          </Text>
          <ComplaintStatusBadge status={complaint.status} />
        </Group>
        <Text style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }} data-testid="complaint-text">
          {complaint.text}
        </Text>
        {complaint.resolvedAt && (
          <Text size="sm" c="dimmed">
            {t("detail.resolvedAt", { date: formatDateTime(complaint.resolvedAt, language) })}
          </Text>
        )}
        <Title order={2} size="h4">
          {t("detail.execution")}
        </Title>
        {execution ? (
          <SimpleGrid
            cols={{ base: 2, sm: 3 }}
            spacing="sm"
            verticalSpacing="sm"
            data-testid="execution-facts"
          >
            <Fact label={t("detail.program")}>{execution.programName}</Fact>
            <Fact label={t("detail.created")}>{formatDateTime(execution.createdAt, language)}</Fact>
            <Fact label={t("detail.timeSaved")}>{formatDuration(execution.timeSavedSeconds, language)}</Fact>
            <Fact label={t("detail.coverage")}>
              {t("detail.coverageValue", {
                covered: formatDuration(execution.coveredSeconds, language),
                billed: formatDuration(execution.billedSeconds, language),
              })}
            </Fact>
            <Fact label={t("detail.price")}>
              {formatMoney(execution.price, execution.currency, language)}
            </Fact>
            <Fact label={t("detail.paymentStatus")} testId="execution-status">
              <StatusBadge status={execution.paymentStatus} />
            </Fact>
          </SimpleGrid>
        ) : (
          <Text size="sm" c="dimmed">
            {t("detail.deleted")}
          </Text>
        )}
      </Stack>
    </Card>
  );
}

function Author({ entry }: { entry: ComplaintDetail["entries"][number] }) {
  const { t } = useTranslation("complaints");
  return (
    <Group gap={6} wrap="nowrap">
      <Text size="sm" fw={600} truncate>
        {entry.author?.displayName ?? t("thread.unknownAuthor")}
      </Text>
      {entry.author?.staff && (
        <Badge size="xs" color="grape" variant="light" tt="none" data-testid="staff-author">
          {t("thread.nadoo")}
        </Badge>
      )}
    </Group>
  );
}

/** The thread, oldest first, and the comment form under it. */
export function ComplaintThread({ complaint, language }: { complaint: ComplaintDetail; language: Language }) {
  const { t } = useTranslation("complaints");
  return (
    <Card withBorder padding="md">
      <Stack gap="sm">
        <Title order={2} size="h4">
          {t("thread.title")}
        </Title>
        {complaint.entries.length === 0 && (
          <Text size="sm" c="dimmed">
            {t("thread.empty")}
          </Text>
        )}
        <Stack gap="sm" component="ol" m={0} p={0} style={{ listStyle: "none" }} data-testid="thread">
          {complaint.entries.map((entry) => (
            <li key={entry.id} data-testid="thread-entry" data-kind={entry.status ? "status" : "comment"}>
              {entry.status ? (
                <Stack gap={4} py={4}>
                  <Group gap="xs" wrap="wrap">
                    <Text size="sm" c="dimmed" fs="italic" data-testid="status-line">
                      {t("thread.statusChanged", { status: t(`statuses.${entry.status}`) })}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {t("thread.by", {
                        name: entry.author?.displayName ?? t("thread.unknownAuthor"),
                        date: formatDateTime(entry.createdAt, language),
                      })}
                    </Text>
                  </Group>
                  {entry.text && <Message entry={entry} language={language} />}
                </Stack>
              ) : (
                <Message entry={entry} language={language} />
              )}
            </li>
          ))}
        </Stack>
        <CommentForm complaintId={complaint.id} />
      </Stack>
    </Card>
  );
}

function Message({ entry, language }: { entry: ComplaintDetail["entries"][number]; language: Language }) {
  const staff = entry.author?.staff ?? false;
  return (
    <Paper
      withBorder
      p="sm"
      bg={staff ? "grape.0" : "gray.0"}
      ml={staff ? 0 : { base: 0, sm: "xl" }}
      mr={staff ? { base: 0, sm: "xl" } : 0}
      data-testid="comment"
    >
      <Group justify="space-between" gap="xs" wrap="wrap" mb={4}>
        <Author entry={entry} />
        <Text size="xs" c="dimmed">
          {formatDateTime(entry.createdAt, language)}
        </Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: "pre-wrap", overflowWrap: "anywhere" }}>
        {entry.text}
      </Text>
    </Paper>
  );
}

function CommentForm({ complaintId }: { complaintId: string }) {
  const { t } = useTranslation("complaints");
  const queryClient = useQueryClient();
  const [text, setText] = useState("");
  const [missing, setMissing] = useState(false);
  const send = useMutation({
    mutationFn: (comment: string) =>
      unwrap(
        api.POST("/api/os/complaints/{complaintId}/comments", {
          params: { path: { complaintId } },
          body: { text: comment },
        }),
      ),
    onSuccess: async () => {
      setText("");
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY }),
        queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY }),
      ]);
      notifications.show({ color: "teal", message: t("thread.sent") });
    },
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const trimmed = text.trim();
    if (trimmed === "") {
      setMissing(true);
      return;
    }
    send.mutate(trimmed);
  };
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="xs">
        <Textarea
          label={t("thread.comment")}
          placeholder={t("thread.placeholder")}
          autosize
          minRows={2}
          maxRows={8}
          maxLength={MAX_COMMENT_TEXT}
          value={text}
          onChange={(event) => {
            setText(event.currentTarget.value);
            if (missing && event.currentTarget.value.trim() !== "") setMissing(false);
          }}
          error={missing ? t("thread.required") : undefined}
          data-testid="comment-text"
        />
        {send.error && <ErrorAlert error={send.error} />}
        <Group justify="flex-end">
          <Button type="submit" loading={send.isPending} data-testid="comment-submit">
            {t("thread.submit")}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
