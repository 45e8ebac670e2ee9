/**
 * My sessions: where I am signed in, this one marked; end another one, or all of them (this one
 * too, which leads to the sign-in page).
 */
import { Badge, Button, Card, Group, Stack, Table, Text, Title, VisuallyHidden } from "@mantine/core";
import { notifications } from "@mantine/notifications";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { useResetSession } from "../../app/session";
import { ConfirmDialog } from "../../components/ConfirmDialog";
import { Empty, QueryState } from "../../components/QueryState";
import { formatDateTime, type Language } from "../../lib/format";
import { deviceOf, orderSessions, type SessionEntry } from "./model";

const SESSIONS_KEY = ["auth", "sessions"] as const;

type Ending = { kind: "one"; session: SessionEntry; device: string } | { kind: "all" } | null;

export function SessionsCard() {
  const { t, i18n } = useTranslation("profile");
  const language = i18n.language as Language;
  const client = useQueryClient();
  const reset = useResetSession();
  const navigate = useNavigate();
  const sessions = useQuery({ queryKey: SESSIONS_KEY, queryFn: () => unwrap(api.GET("/api/auth/sessions")) });
  const [ending, setEnding] = useState<Ending>(null);

  const deviceName = (session: SessionEntry) => {
    const device = deviceOf(session.userAgent);
    return device ? t("sessions.onDevice", device) : t("sessions.unknownDevice");
  };

  const end = useMutation({
    mutationFn: async (target: NonNullable<Ending>) => {
      if (target.kind === "one") {
        await unwrap(api.DELETE("/api/auth/sessions/{id}", { params: { path: { id: target.session.id } } }));
      } else {
        await unwrap(api.POST("/api/auth/logout-all"));
      }
      return target;
    },
    onSuccess: async (target) => {
      setEnding(null);
      if (target.kind === "all") {
        await reset();
        navigate("/login?signedOut=1");
        return;
      }
      notifications.show({ color: "green", message: t("sessions.ended") });
      await client.invalidateQueries({ queryKey: SESSIONS_KEY });
    },
  });
  const ask = (target: Ending) => {
    end.reset();
    setEnding(target);
  };

  return (
    <Card withBorder padding="md" component="section" aria-labelledby="sessions-title">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="wrap">
        <Stack gap={2} style={{ flex: "1 1 16rem" }}>
          <Title order={2} size="h4" id="sessions-title">
            {t("sessions.title")}
          </Title>
          <Text size="sm" c="dimmed">
            {t("sessions.description")}
          </Text>
        </Stack>
        <Button
          variant="outline"
          color="red"
          onClick={() => ask({ kind: "all" })}
          data-testid="end-all-sessions"
        >
          {t("sessions.endAll")}
        </Button>
      </Group>
      <QueryState query={sessions}>
        {(data) =>
          data.items.length === 0 ? (
            <Empty>{t("sessions.empty")}</Empty>
          ) : (
            <Table.ScrollContainer minWidth={640}>
              <Table verticalSpacing="xs" data-testid="sessions">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th>{t("sessions.device")}</Table.Th>
                    <Table.Th>{t("sessions.ip")}</Table.Th>
                    <Table.Th>{t("sessions.signedIn")}</Table.Th>
                    <Table.Th>{t("sessions.lastSeen")}</Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t("sessions.actions")}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {orderSessions(data.items).map((session) => (
                    <Table.Tr key={session.id} data-session-id={session.id} data-current={session.current}>
                      <Table.Td>
                        <Group gap="xs" wrap="wrap">
                          <Text size="sm">{deviceName(session)}</Text>
                          {session.current && (
                            <Badge size="sm" color="green" variant="light">
                              {t("sessions.current")}
                            </Badge>
                          )}
                        </Group>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" ff="monospace">
                          {session.ip ?? "–"}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(session.createdAt, language)}</Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm">{formatDateTime(session.lastSeenAt, language)}</Text>
                      </Table.Td>
                      <Table.Td>
                        {!session.current && (
                          <Button
                            size="compact-sm"
                            variant="light"
                            color="red"
                            onClick={() => ask({ kind: "one", session, device: deviceName(session) })}
                            aria-label={t("sessions.endLabel", { device: deviceName(session) })}
                          >
                            {t("sessions.end")}
                          </Button>
                        )}
                      </Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        }
      </QueryState>
      <ConfirmDialog
        opened={ending !== null}
        onClose={() => setEnding(null)}
        title={ending?.kind === "all" ? t("sessions.endAllTitle") : t("sessions.endTitle")}
        confirmLabel={ending?.kind === "all" ? t("sessions.endAllConfirm") : t("sessions.end")}
        onConfirm={() => ending && end.mutate(ending)}
        pending={end.isPending}
        error={end.error}
      >
        {ending?.kind === "one" ? t("sessions.endText", { device: ending.device }) : t("sessions.endAllText")}
      </ConfirmDialog>
    </Card>
  );
}
