/**
 * `/api/os/notifications`: the signed-in user's in-app notifications (the bell). Everyone signed in
 * sees and marks only their own.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { COMPLAINT_STATUSES } from "../complaints/schema.ts";
import { NOTIFICATION_KINDS } from "./schema.ts";
import { listNotifications, markAllRead, markRead, type NotificationItem, unreadCount } from "./service.ts";

const os = { tags: ["os"], security: [{ session: [], csrf: [] }] };

const notificationView = z.object({
  id: z.uuid(),
  kind: z.enum(NOTIFICATION_KINDS),
  complaintId: z.uuid().nullable(),
  customerId: z.uuid(),
  customerName: z.string(),
  complaintStatus: z.enum(COMPLAINT_STATUSES).nullable().describe("The complaint's current status"),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

function viewNotification(item: NotificationItem): z.infer<typeof notificationView> {
  return { ...item, createdAt: item.createdAt.toISOString(), readAt: item.readAt?.toISOString() ?? null };
}

export const notificationRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/notifications",
    {
      schema: {
        ...os,
        summary: "My notifications, newest first, with how many are unread",
        querystring: z.object({
          limit: z.coerce.number().int().min(1).max(100).default(20),
          cursor: z.string().max(200).optional().describe("`nextCursor` of the previous page"),
          unread: z
            .enum(["true", "false"])
            .transform((value) => value === "true")
            .optional()
            .describe("Only unread (true) or only read (false) ones"),
        }),
        response: {
          200: z.object({
            items: z.array(notificationView),
            unreadCount: z.number().int(),
            nextCursor: z.string().nullable(),
          }),
        },
      },
    },
    async (request) => {
      const page = await listNotifications(db, await requireActor(request, db), request.query);
      return { ...page, items: page.items.map(viewNotification) };
    },
  );

  app.get(
    "/notifications/unread-count",
    {
      schema: {
        ...os,
        summary: "How many of my notifications are unread (the bell's badge)",
        response: { 200: z.object({ count: z.number().int() }) },
      },
    },
    async (request) => ({ count: await unreadCount(db, await requireActor(request, db)) }),
  );

  app.post(
    "/notifications/:notificationId/read",
    {
      schema: {
        ...os,
        summary: "Mark one of my notifications read (404 for anyone else's)",
        params: z.object({ notificationId: z.uuid() }),
        response: { 204: z.null() },
      },
    },
    async (request, reply) => {
      await markRead(db, await requireActor(request, db), request.params.notificationId);
      return reply.code(204).send(null);
    },
  );

  app.post(
    "/notifications/read-all",
    {
      schema: {
        ...os,
        summary: "Mark all my notifications read",
        response: { 200: z.object({ count: z.number().int().describe("How many were marked") }) },
      },
    },
    async (request) => ({ count: await markAllRead(db, await requireActor(request, db)) }),
  );
};
