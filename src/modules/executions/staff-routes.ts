/**
 * `/api/staff/executions`: staff list executions, mark a customer's executions of a period paid, and
 * delete an execution with a refund of its drawn seconds.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { ValidationError } from "../../lib/errors.ts";
import { requireActor } from "../access/http.ts";
import { PAYMENT_STATUSES } from "./schema.ts";
import { deleteExecution, listExecutions, markExecutionsPaid } from "./settlement.ts";
import { storedExecutionView, viewStoredExecution } from "./views.ts";

const tags = ["staff"];
const security = [{ session: [], csrf: [] }];

/** The list's rows: the stored execution and the names to read it by. */
const listedExecutionView = storedExecutionView.extend({
  customerName: z.string(),
  programName: z.string().describe("The catalogue program's name"),
});

const moment = z.iso.datetime({ offset: true }).or(z.iso.date());

function period(from: string, to: string): { from: Date; to: Date } {
  const start = new Date(from);
  const end = new Date(to);
  if (!(start < end)) throw new ValidationError("The period must end after it starts (`to` is exclusive).");
  return { from: start, to: end };
}

export const executionStaffRoutes: FastifyPluginAsyncZod<{ db: Database }> = async (app, { db }) => {
  app.get(
    "/executions",
    {
      schema: {
        tags,
        security,
        summary: "Executions, newest first, filtered by customer, program, status and period",
        querystring: z.object({
          customerId: z.uuid().optional(),
          customerProgramId: z.uuid().optional(),
          status: z.enum(PAYMENT_STATUSES).optional(),
          from: moment.optional(),
          to: moment.optional(),
          cursor: z.uuid().optional().describe("`nextCursor` of the previous page"),
          limit: z.coerce.number().int().min(1).max(500).default(50),
        }),
        response: {
          200: z.object({ items: z.array(listedExecutionView), nextCursor: z.uuid().nullable() }),
        },
      },
    },
    async (request) => {
      const { from, to, cursor, ...filter } = request.query;
      const items = await listExecutions(db, await requireActor(request, db), {
        ...filter,
        from: from ? new Date(from) : undefined,
        to: to ? new Date(to) : undefined,
        before: cursor,
      });
      const last = items.at(-1);
      return {
        items: items.map((item) => ({
          ...viewStoredExecution(item),
          customerName: item.customerName,
          programName: item.programName,
        })),
        nextCursor: items.length === filter.limit && last ? last.id : null,
      };
    },
  );

  app.post(
    "/executions/mark-paid",
    {
      schema: {
        tags,
        security,
        summary: "Mark a customer's not-paid executions of a period paid (a statement)",
        body: z.object({
          customerId: z.uuid(),
          from: moment.describe("Start of the period (inclusive)"),
          to: moment.describe("End of the period (exclusive)"),
          customerProgramId: z.uuid().optional(),
        }),
        response: { 200: z.object({ count: z.number().int().describe("Executions marked paid") }) },
      },
    },
    async (request) => {
      const { customerId, customerProgramId, from, to } = request.body;
      const count = await markExecutionsPaid(db, await requireActor(request, db), {
        customerId,
        customerProgramId,
        ...period(from, to),
      });
      return { count };
    },
  );

  app.delete(
    "/executions/:executionId",
    {
      schema: {
        tags,
        security,
        summary: "Delete an execution; by default its drawn seconds are refunded to their time accounts",
        params: z.object({ executionId: z.uuid() }),
        querystring: z.object({
          refund: z
            .enum(["true", "false"])
            .default("true")
            .describe("false deletes without giving the seconds back"),
        }),
        response: {
          200: z.object({
            execution: storedExecutionView,
            refunds: z.array(z.object({ timeAccountId: z.uuid(), seconds: z.number().int() })),
          }),
        },
      },
    },
    async (request) => {
      const { execution, refunds } = await deleteExecution(
        db,
        await requireActor(request, db),
        request.params.executionId,
        { refund: request.query.refund === "true" },
      );
      return { execution: viewStoredExecution(execution), refunds };
    },
  );
};
