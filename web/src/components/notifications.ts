/** What the bell shows of a notification: where it leads and when it happened. */
import type { paths } from "../api/schema";
import { formatDateTime, type Language, localeOf } from "../lib/format";

export type Notification =
  paths["/api/os/notifications"]["get"]["responses"][200]["content"]["application/json"]["items"][number];

/** Where a notification leads: a path of the current router, or a page of the other app. */
export function destinationOf(
  notification: Notification,
  app: "os" | "staff",
): { to: string } | { href: string } | null {
  const { complaintId } = notification;
  if (!complaintId) return null;
  if (app === "staff") return { to: `/complaints/${complaintId}` };
  if (notification.kind === "complaint_filed") return { href: `/staff/complaints/${complaintId}` };
  return { to: `/c/${notification.customerId}/complaints/${complaintId}` };
}

/** "vor 5 Minuten" within a day, else the date and time. */
export function when(value: string, language: Language, now = Date.now()): string {
  const seconds = Math.round((new Date(value).getTime() - now) / 1000);
  const relative = new Intl.RelativeTimeFormat(localeOf(language), { numeric: "auto" });
  if (seconds > -60) return relative.format(0, "second");
  if (seconds > -3600) return relative.format(Math.round(seconds / 60), "minute");
  if (seconds > -86_400) return relative.format(Math.round(seconds / 3600), "hour");
  return formatDateTime(value, language);
}
