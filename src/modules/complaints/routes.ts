/**
 * The NADOO OS side of complaints (SPEC §8): a customer's execution managers (and staff) dispute an
 * execution (`/api/os/executions/{executionId}/complaints`), list their customer's complaints, read one
 * with its thread and comment on it. Session-authenticated, CSRF-protected; the service applies the
 * policy.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { requireActor } from "../access/http.ts";
import { PAYMENT_STATUSES } from "../executions/schema.ts";
import { COMPLAINT_STATUSES, type Complaint } from "./schema.ts";
import {
  commentOnComplaint,
  complaintDetail,
  complaintsOfExecution,
  customerComplaints,
  fileComplaint,
  MAX_COMPLAINT_TEXT,
} from "./service.ts";
import {
  complaintDetailView,
  complaintEntryView,
  complaintListQuery,
  complaintPageView,
  viewComplaintDetail,
  viewComplaintEntry,
  viewComplaintSummary,
} from "./views.ts";

const os = { tags: ["os"], security: [{ session: [], csrf: [] }] };

const params = z.object({ executionId: z.uuid() });

const complaintView = z.object({
  id: z.uuid(),
  executionId: z.uuid().nullable(),
  customerId: z.uuid(),
  filedByUserId: z.uuid().nullable(),
  text: z.string(),
  status: z.enum(COMPLAINT_STATUSES),
  resolvedAt: z.string().nullable(),
  createdAt: z.string(),
});

function viewComplaint(complaint: Complaint): z.infer<typeof complaintView> {
  return {
    id: complaint.id,
    executionId: complaint.executionId,
    customerId: complaint.customerId,
    filedByUserId: complaint.filedByUserId,
    text: complaint.text,
    status: complaint.status,
    resolvedAt: complaint.resolvedAt?.toISOString() ?? null,
    createdAt: complaint.createdAt.toISOString(),
  };
}

export const complaintRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.post(
    "/executions/:executionId/complaints",
    {
      schema: {
        ...os,
        summary:
          "Dispute a not-paid execution: revokes it and refunds its covered seconds (execution managers)",
        description:
          "In one transaction: the complaint (status open), the execution set to revoked, its covered " +
          "seconds given back to the time accounts they came from (ledger refunds). 409 when the " +
          "execution is not `not_paid` (paid, refunded, or already disputed).",
        params,
        body: z.object({
          text: z
            .string()
            .trim()
            .min(1, "Describe what is wrong.")
            .max(MAX_COMPLAINT_TEXT)
            .describe("What is wrong with the execution"),
        }),
        response: {
          201: z.object({
            complaint: complaintView,
            execution: z.object({ id: z.uuid(), paymentStatus: z.enum(PAYMENT_STATUSES) }),
            refunds: z
              .array(z.object({ timeAccountId: z.uuid(), seconds: z.number().int() }))
              .describe("Seconds given back per time account"),
          }),
        },
      },
    },
    async (request, reply) => {
      const filed = await fileComplaint(
        db,
        await requireActor(request, db),
        request.params.executionId,
        request.body,
      );
      return reply.code(201).send({
        complaint: viewComplaint(filed.complaint),
        execution: { id: filed.execution.id, paymentStatus: filed.execution.paymentStatus },
        refunds: filed.refunds,
      });
    },
  );

  app.get(
    "/executions/:executionId/complaints",
    {
      schema: {
        ...os,
        summary: "The complaints about one execution, oldest first (execution managers)",
        params,
        response: { 200: z.object({ items: z.array(complaintView) }) },
      },
    },
    async (request) => {
      const items = await complaintsOfExecution(
        db,
        await requireActor(request, db),
        request.params.executionId,
      );
      return { items: items.map(viewComplaint) };
    },
  );

  app.get(
    "/customers/:customerId/complaints",
    {
      schema: {
        ...os,
        summary: "A customer's complaints, newest first (execution managers)",
        params: z.object({ customerId: z.uuid() }),
        querystring: complaintListQuery,
        response: { 200: complaintPageView },
      },
    },
    async (request) => {
      const page = await customerComplaints(
        db,
        await requireActor(request, db),
        request.params.customerId,
        request.query,
      );
      return { items: page.items.map(viewComplaintSummary), nextCursor: page.nextCursor };
    },
  );

  app.get(
    "/complaints/:complaintId",
    {
      schema: {
        ...os,
        summary: "One complaint with its thread (execution managers of its customer)",
        params: z.object({ complaintId: z.uuid() }),
        response: { 200: complaintDetailView },
      },
    },
    async (request) =>
      viewComplaintDetail(
        await complaintDetail(db, await requireActor(request, db), request.params.complaintId),
      ),
  );

  app.post(
    "/complaints/:complaintId/comments",
    {
      schema: {
        ...os,
        summary: "Comment on a complaint (execution managers of its customer)",
        description:
          "Also allowed on accepted or rejected complaints (the customer may answer a decision). " +
          "A customer's comment notifies staff; a staff member's comment notifies the reporter.",
        params: z.object({ complaintId: z.uuid() }),
        body: z.object({
          text: z.string().trim().min(1, "Write a comment.").max(MAX_COMPLAINT_TEXT),
        }),
        response: { 201: complaintEntryView },
      },
    },
    async (request, reply) => {
      const entry = await commentOnComplaint(
        db,
        await requireActor(request, db),
        request.params.complaintId,
        request.body,
      );
      return reply.code(201).send(viewComplaintEntry(entry));
    },
  );
};
