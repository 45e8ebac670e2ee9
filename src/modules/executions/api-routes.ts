/**
 * The reporting API v1 (`/api/v1`, SPEC §7): programs report executions with an API key as bearer
 * token. JSON in and out, errors as problem+json, money as decimal strings.
 */
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { AppError, NotFoundError } from "../../lib/errors.ts";
import { findUserByCode } from "../identity/service.ts";
import { authenticateReporter, reporterContext, requireReporter } from "./api-key-auth.ts";
import { answerOnce, type IdempotencyScope, requestHash } from "./idempotency.ts";
import type { Reporting } from "./ingest.ts";
import {
  type ExecutionInput,
  MAX_TIME_SAVED_SECONDS,
  type Reporter,
  recordExecutions,
  reportablePrograms,
} from "./service.ts";
import { executionView, viewExecution } from "./views.ts";

const tags = ["api v1"];
const security = [{ apiKey: [] }];
export const MAX_BATCH = 1000;

// The range is checked by the service, after the program and contract checks (SPEC §7's order).
const timeSavedField = z
  .number({ error: "timeSavedSeconds must be a number of seconds." })
  .describe(
    `Whole seconds saved by this run, 1 to ${MAX_TIME_SAVED_SECONDS}; the customer program's default when absent`,
  );

const executionInput = z.object({
  customerProgramId: z.uuid({ error: "customerProgramId must be the id (a UUID) of a customer program." }),
  timeSavedSeconds: timeSavedField.optional(),
  occurredAt: z.iso.datetime({ offset: true }).optional().describe("When the run happened, if not now"),
});

const idempotencyHeaders = z.object({
  "idempotency-key": z
    .string()
    .trim()
    .min(1)
    .max(255)
    .regex(/^[\x21-\x7e]+$/, "Use printable ASCII without spaces.")
    .optional()
    .describe("Makes a retry return the first result instead of recording again"),
});

function toInput(item: z.infer<typeof executionInput>): ExecutionInput {
  return {
    customerProgramId: item.customerProgramId,
    timeSavedSeconds: item.timeSavedSeconds,
    occurredAt: item.occurredAt ? new Date(item.occurredAt) : undefined,
  };
}

function scopeOf(reporter: Reporter, key: string | undefined): IdempotencyScope | null {
  return key ? { userId: reporter.owner.id, key } : null;
}

export const executionApiRoutes: FastifyPluginAsyncZod<{ db: Database; reporting: Reporting }> = async (
  app,
  { db, reporting },
) => {
  app.decorateRequest("reporter", null);
  app.addHook("onRequest", async (request) => {
    request.reporter = await authenticateReporter(reporting.authenticator, request);
  });

  app.post(
    "/executions",
    {
      schema: {
        tags,
        security,
        summary: "Record one execution; priced from time accounts first, then per second",
        description:
          "Refusals: 401 missing, unknown, revoked or expired key; 403 owner deactivated, no active " +
          "contract with the program's customer, or key not allowed for it; 404 unknown customer " +
          "program; 409 inactive customer program (`program_inactive`) or Idempotency-Key reused " +
          "with another body; 400 invalid body or time saved.",
        headers: idempotencyHeaders,
        body: executionInput,
        response: { 200: executionView, 201: executionView },
      },
    },
    async (request, reply) => {
      const reporter = requireReporter(request);
      const scope = scopeOf(reporter, request.headers["idempotency-key"]);
      const answer = await reporting.ingest.record({
        reporter,
        input: toInput(request.body),
        context: reporterContext(request, reporter),
        idempotency: scope
          ? { scope, hash: requestHash(`POST /api/v1/executions ${reporter.key.id}`, request.body) }
          : null,
        answer: (recorded) => ({
          status: 201,
          body: viewExecution(recorded.execution, recorded.remainingBalanceSeconds),
        }),
      });
      if (answer.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(answer.status as 201).send(answer.body as z.infer<typeof executionView>);
    },
  );

  app.post(
    "/executions/batch",
    {
      schema: {
        tags,
        security,
        summary: `Record up to ${MAX_BATCH} executions, all or none, in order`,
        description:
          'The body is the list of executions, or `{ "executions": [...] }`. The answer lists the ' +
          "stored executions in the same order. One refused execution refuses the whole batch; the " +
          "problem's `errors[0].path` names it (`executions.<index>`).",
        headers: idempotencyHeaders,
        body: z.union([z.array(executionInput), z.object({ executions: z.array(executionInput) })]),
        response: { 200: z.array(executionView), 201: z.array(executionView) },
      },
    },
    async (request, reply) => {
      const reporter = requireReporter(request);
      const items = Array.isArray(request.body) ? request.body : request.body.executions;
      if (items.length === 0 || items.length > MAX_BATCH) {
        throw new AppError(
          400,
          "invalid_batch_size",
          `A batch holds 1 to ${MAX_BATCH} executions; this one has ${items.length}.`,
        );
      }
      const answer = await answerOnce(
        db,
        scopeOf(reporter, request.headers["idempotency-key"]),
        requestHash(`POST /api/v1/executions/batch ${reporter.key.id}`, items),
        async (tx) => {
          const recorded = await recordExecutions(
            tx,
            reporter,
            items.map(toInput),
            reporterContext(request, reporter),
          );
          return {
            status: 201,
            body: recorded.map((item) => viewExecution(item.execution, item.remainingBalanceSeconds)),
          };
        },
      );
      if (answer.replayed) reply.header("idempotent-replayed", "true");
      return reply.code(answer.status as 201).send(answer.body);
    },
  );

  app.post(
    "/users/check",
    {
      schema: {
        tags,
        security,
        summary: "Check whether another user code belongs to an active user",
        body: z.object({ userCode: z.string().trim().min(1).max(50) }),
        response: { 200: z.object({ active: z.boolean() }) },
      },
    },
    async (request) => {
      const user = await findUserByCode(db, request.body.userCode);
      if (!user) throw new NotFoundError("There is no user with this code.");
      return { active: user.isActive };
    },
  );

  app.get(
    "/customer-programs",
    {
      schema: {
        tags,
        security,
        summary: "The active customer programs this key may report executions for",
        response: {
          200: z.object({
            items: z.array(
              z.object({
                id: z.uuid(),
                program: z.object({ id: z.uuid(), name: z.string() }),
                customer: z.object({ id: z.uuid(), name: z.string() }),
                defaultTimeSavedSeconds: z.number().int(),
                pricingMode: z.enum(["fixed", "tiered"]),
                currency: z.string(),
              }),
            ),
          }),
        },
      },
    },
    async (request) => ({ items: await reportablePrograms(db, requireReporter(request)) }),
  );
};
