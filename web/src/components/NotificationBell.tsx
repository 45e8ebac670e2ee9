/** Placeholder: the bell with the unread count of the signed-in user's notifications. */
export function NotificationBell(_props: { app: "os" | "staff" }) {
  return null;
}
