/**
 * The notification routes' rows of the authorization matrix: everyone signed in reads and marks their
 * own notifications; someone else's (or an unknown) notification is 404.
 */
import { type RowGroup, signedInAtAll } from "../../testing/matrix.ts";

export const notificationsMatrix: RowGroup<{ unknownId: string }> = {
  setup: async ({ unknownId }) => ({ unknownId }),
  rows: [
    {
      method: "GET",
      route: "/api/os/notifications",
      url: () => "/api/os/notifications?unread=true&limit=5",
      allowed: signedInAtAll,
    },
    {
      method: "GET",
      route: "/api/os/notifications/unread-count",
      url: () => "/api/os/notifications/unread-count",
      allowed: signedInAtAll,
    },
    {
      method: "POST",
      route: "/api/os/notifications/{notificationId}/read",
      variant: "unknown notification",
      url: (f) => `/api/os/notifications/${f.unknownId}/read`,
      allowed: signedInAtAll,
      unknown: true,
    },
    {
      method: "POST",
      route: "/api/os/notifications/read-all",
      url: () => "/api/os/notifications/read-all",
      allowed: signedInAtAll,
    },
  ],
};
