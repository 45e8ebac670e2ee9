/**
 * `/api/staff/complaints`: the staff complaints queue and working complaints (SPEC §8). Staff and
 * superusers only.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { allComplaints, changeComplaintStatus, MAX_COMPLAINT_TEXT } from "./service.ts";
import {
  complaintDetailView,
  complaintListQuery,
  complaintPageView,
  viewComplaintDetail,
  viewComplaintSummary,
} from "./views.ts";

const tags = ["staff"];
const security = [{ session: [], csrf: [] }];

export const complaintStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/complaints",
    {
      schema: {
        tags,
        security,
        summary: "Every customer's complaints, newest first, by status and customer",
        querystring: complaintListQuery.extend({ customerId: z.uuid().optional() }),
        response: { 200: complaintPageView },
      },
    },
    async (request) => {
      const page = await allComplaints(db, await requireActor(request, db), request.query);
      return { items: page.items.map(viewComplaintSummary), nextCursor: page.nextCursor };
    },
  );

  app.post(
    "/complaints/:complaintId/status",
    {
      schema: {
        tags,
        security,
        summary: "Move a complaint on: in progress, accepted or rejected, with an optional comment",
        description:
          "Allowed: open → in_progress | accepted | rejected, in_progress → accepted | rejected. " +
          "Accepted and rejected are final; those and setting the current status again are 409 " +
          "`complaint_closed`. The comment is stored in the thread with the status change, and the " +
          "reporter is notified. **Accepted**: the execution stays revoked. **Rejected**, in one " +
          "transaction: the execution returns to `not_paid` and draws its time saved again from its " +
          "customer program's time accounts as they are now (in their current order, active ones " +
          "only, as far as their balances go: ledger `execution_debit` entries); the seconds not " +
          "covered are billed at the rate the execution was recorded at (its `pricePerSecond`, not " +
          "today's tier), price = billed × rate, exact to six places (the recorded price when the " +
          "billed seconds are the same as at recording). Tier basis and rollups follow. A deleted " +
          "execution is left alone: only the complaint changes.",
        params: z.object({ complaintId: z.uuid() }),
        body: z.object({
          status: z.enum(["in_progress", "accepted", "rejected"]),
          comment: z.string().trim().min(1).max(MAX_COMPLAINT_TEXT).optional(),
        }),
        response: { 200: complaintDetailView },
      },
    },
    async (request) =>
      viewComplaintDetail(
        await changeComplaintStatus(
          db,
          await requireActor(request, db),
          request.params.complaintId,
          request.body,
        ),
      ),
  );
};
