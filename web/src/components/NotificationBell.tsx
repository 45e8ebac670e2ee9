/**
 * The bell in both shells: the signed-in user's unread notifications (asked every 30 s and when the
 * window gets focus) and a menu of the newest ones. Choosing one marks it read and opens its
 * complaint: in the staff console its staff page; in NADOO OS the customer's complaint page, except
 * news of a filed complaint, which is staff work and opens in the staff console (a different router,
 * so a plain link).
 */
import { ActionIcon, Box, Button, Group, Indicator, Menu, Stack, Text } from "@mantine/core";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type MouseEvent, useEffect, useRef, useState } from "react";
import { useTranslation } from "react-i18next";
import { Link } from "react-router";
import { api, unwrap } from "../api/client";
import { isLanguage } from "../i18n";
import type { Language } from "../lib/format";
import { COMPLAINTS_KEY } from "../pages/complaints/model";
import { destinationOf, type Notification, when } from "./notifications";

/** Every notification query starts with it: what changes a complaint refreshes them all. */
export const NOTIFICATIONS_KEY = ["notifications"] as const;
const COUNT_KEY = [...NOTIFICATIONS_KEY, "unread-count"] as const;
const LIST_KEY = [...NOTIFICATIONS_KEY, "newest"] as const;

/** How many the menu shows. */
const SHOWN = 10;
const POLL_MS = 30_000;

function BellIcon() {
  return (
    <svg
      width="20"
      height="20"
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth="2"
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
    >
      <path d="M6 8a6 6 0 0 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
      <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
    </svg>
  );
}

export function NotificationBell({ app }: { app: "os" | "staff" }) {
  // The bell sits in the header, outside the pages' loading boundary: it waits for its texts
  // without holding up the shell.
  const { t, i18n, ready } = useTranslation("notifications", { useSuspense: false });
  const language: Language = isLanguage(i18n.language) ? i18n.language : "de";
  const queryClient = useQueryClient();
  const [opened, setOpened] = useState(false);

  const unread = useQuery({
    queryKey: COUNT_KEY,
    queryFn: () => unwrap(api.GET("/api/os/notifications/unread-count")),
    refetchInterval: POLL_MS,
    refetchOnWindowFocus: true,
  });
  // More unread notifications mean complaints changed (and with a decision, executions and balances):
  // the lists and threads shown refetch, the executions too, and so does the menu's list.
  const count = unread.data?.count ?? 0;
  const seen = useRef(count);
  useEffect(() => {
    if (count > seen.current) {
      void queryClient.invalidateQueries({ queryKey: COMPLAINTS_KEY });
      void queryClient.invalidateQueries({ queryKey: LIST_KEY });
      void queryClient.invalidateQueries({ queryKey: ["executions"] });
    }
    seen.current = count;
  }, [count, queryClient]);
  // TanStack Query notices a tab becoming visible; coming back from another window is asked here.
  const { refetch } = unread;
  useEffect(() => {
    const onFocus = () => void refetch();
    window.addEventListener("focus", onFocus);
    return () => window.removeEventListener("focus", onFocus);
  }, [refetch]);
  const newest = useQuery({
    queryKey: LIST_KEY,
    queryFn: () => unwrap(api.GET("/api/os/notifications", { params: { query: { limit: SHOWN } } })),
    enabled: opened,
  });
  const refresh = () => queryClient.invalidateQueries({ queryKey: NOTIFICATIONS_KEY });
  const markRead = useMutation({
    mutationFn: (notificationId: string) =>
      unwrap(
        api.POST("/api/os/notifications/{notificationId}/read", { params: { path: { notificationId } } }),
      ),
    onSettled: refresh,
  });
  const markAll = useMutation({
    mutationFn: () => unwrap(api.POST("/api/os/notifications/read-all")),
    onSettled: refresh,
  });

  if (!ready) return null;
  const label = count > 0 ? t("bellUnread", { count }) : t("bell");

  const text = (notification: Notification) => {
    const customer = notification.customerName;
    if (notification.kind === "complaint_filed") return t("kinds.filed", { customer });
    if (notification.kind === "complaint_commented") return t("kinds.commented", { customer });
    return t("kinds.statusChanged", { customer });
  };
  /** Unread, when, and the complaint's status now (not when the notification was written). */
  const facts = (notification: Notification) =>
    [
      notification.readAt === null ? t("unread") : null,
      when(notification.createdAt, language),
      notification.complaintStatus
        ? t("now", { status: t(`statuses.${notification.complaintStatus}`) })
        : null,
    ]
      .filter(Boolean)
      .join(" · ");

  /** Marks the notification read; a page of the other app opens after that has been saved. */
  const choose = (notification: Notification, href: string | null) => async (event: MouseEvent) => {
    if (!href) {
      if (!notification.readAt) markRead.mutate(notification.id);
      return;
    }
    event.preventDefault();
    if (!notification.readAt) await markRead.mutateAsync(notification.id).catch(() => undefined);
    window.location.assign(href);
  };

  const items = newest.data?.items ?? [];
  return (
    <Menu
      opened={opened}
      onChange={setOpened}
      position="bottom-end"
      withinPortal
      width={360}
      styles={{ dropdown: { maxWidth: "calc(100vw - 16px)" } }}
    >
      <Menu.Target>
        <Indicator
          label={count > 99 ? "99+" : count}
          size={16}
          disabled={count === 0}
          color="red"
          offset={4}
          data-testid="bell-count"
          data-count={count}
        >
          <ActionIcon
            variant="subtle"
            size="lg"
            aria-label={label}
            title={label}
            data-testid="notification-bell"
          >
            <BellIcon />
          </ActionIcon>
        </Indicator>
      </Menu.Target>
      <Menu.Dropdown data-testid="notifications">
        <Menu.Label>{t("title")}</Menu.Label>
        {newest.isPending ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t("loading")}
          </Text>
        ) : newest.error ? (
          <Text size="sm" c="red" px="sm" py="xs" role="alert">
            {t("failed")}
          </Text>
        ) : items.length === 0 ? (
          <Text size="sm" c="dimmed" px="sm" py="xs">
            {t("empty")}
          </Text>
        ) : (
          items.map((notification) => {
            const destination = destinationOf(notification, app);
            const unreadItem = notification.readAt === null;
            const content = (
              <Group gap="xs" wrap="nowrap" align="flex-start">
                <Box
                  w={8}
                  h={8}
                  mt={6}
                  style={{ borderRadius: 4, flexShrink: 0 }}
                  bg={unreadItem ? "blue.6" : "transparent"}
                  aria-hidden="true"
                />
                <Stack gap={0} style={{ minWidth: 0 }}>
                  <Text size="sm" fw={unreadItem ? 600 : 400} style={{ whiteSpace: "normal" }}>
                    {text(notification)}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {facts(notification)}
                  </Text>
                </Stack>
              </Group>
            );
            const common = {
              bg: unreadItem ? "blue.0" : undefined,
              "data-testid": "notification",
              "data-unread": unreadItem,
            };
            if (destination && "to" in destination) {
              return (
                <Menu.Item
                  key={notification.id}
                  {...common}
                  component={Link}
                  to={destination.to}
                  onClick={choose(notification, null)}
                >
                  {content}
                </Menu.Item>
              );
            }
            if (destination) {
              return (
                <Menu.Item
                  key={notification.id}
                  {...common}
                  component="a"
                  href={destination.href}
                  onClick={choose(notification, destination.href)}
                >
                  {content}
                </Menu.Item>
              );
            }
            return (
              <Menu.Item key={notification.id} {...common} onClick={choose(notification, null)}>
                {content}
              </Menu.Item>
            );
          })
        )}
        <Menu.Divider />
        <Group justify="flex-end" px="xs" py={4}>
          <Button
            variant="subtle"
            size="compact-sm"
            disabled={count === 0}
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="mark-all-read"
          >
            {t("markAll")}
          </Button>
        </Group>
      </Menu.Dropdown>
    </Menu>
  );
}
