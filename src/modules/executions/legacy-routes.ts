/**
 * The legacy reporting API (SPEC §7, original-system.md §9), so programs written for the original
 * system keep working unchanged: `POST /api/executions` and `POST /api/users/check`, the key in the
 * body, JSON or form bodies, the original status codes and bodies — with SPEC's three fixes (an
 * inactive program is refused; users/check answers 403 for a missing or unknown key and for an
 * inactive caller). A success body may carry extra fields (`execution_id`).
 */
import type { FastifyError, FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import type { Database } from "../../db/connection.ts";
import { databaseErrorCode } from "../../db/errors.ts";
import { AppError } from "../../lib/errors.ts";
import { isUuid } from "../../lib/ids.ts";
import type { User } from "../identity/schema.ts";
import { findUserByCode } from "../identity/service.ts";
import { parseUserCode } from "../identity/user-code.ts";
import type { Reporting } from "./ingest.ts";
import { ExecutionRefused, MAX_TIME_SAVED_SECONDS } from "./service.ts";

type Fields = Record<string, unknown>;

/** An answer of the legacy API: a status and the original's JSON body. */
class LegacyAnswer extends Error {
  constructor(
    readonly status: number,
    readonly body: Record<string, string>,
  ) {
    super(body.error ?? body.success);
  }
}

const invalidRequest = () => new LegacyAnswer(400, { error: "Invalid request" });

/** The original read fields with `request.data[...]`: a missing one was a 400 "Invalid request". */
function required(fields: Fields, name: string): string {
  const value = fields[name];
  if (typeof value === "string" && value.length > 0) return value;
  if (typeof value === "number" && Number.isFinite(value)) return String(value);
  throw invalidRequest();
}

/** The user code sent matches the key's owner (separators and look-alike letters forgiven on new codes). */
function isOwnCode(owner: Pick<User, "code" | "codeKey">, given: string): boolean {
  const parsed = parseUserCode(given);
  if (!parsed) return false;
  return parsed.stripped === owner.code || (!parsed.legacy && parsed.key === owner.codeKey);
}

/**
 * `time_saved` as the original read it: absent or falsy (0, "", "0") means the program's default;
 * otherwise a whole number of seconds. NaN stands for "not a whole number": refused later, in order.
 */
function timeSavedOf(fields: Fields): number | undefined {
  const value = fields.time_saved;
  if (value === undefined || value === null || value === "" || value === 0 || value === false)
    return undefined;
  if (typeof value === "number") return Number.isInteger(value) ? value : Number.NaN;
  if (typeof value === "string" && /^\s*[+-]?\d{1,12}\s*$/.test(value)) {
    const seconds = Number.parseInt(value, 10);
    return seconds === 0 ? undefined : seconds;
  }
  return Number.NaN;
}

const REFUSALS: Record<ExecutionRefused["code"], LegacyAnswer> = {
  program_not_found: new LegacyAnswer(400, { error: "Program does not exist" }),
  program_inactive: new LegacyAnswer(400, { error: "Program is not active" }),
  not_an_employee: new LegacyAnswer(400, { error: "User is not an employee of the company" }),
  key_not_allowed: new LegacyAnswer(403, { error: "API Key is not valid for this company" }),
  invalid_time_saved: new LegacyAnswer(400, {
    error: `time_saved must be a whole number of seconds from 1 to ${MAX_TIME_SAVED_SECONDS}`,
  }),
};

function fieldsOf(request: FastifyRequest): Fields {
  const body = request.body;
  if (body === null || typeof body !== "object" || Array.isArray(body)) throw invalidRequest();
  return body as Fields;
}

/** Errors keep the original's bodies: client mistakes are 400 "Invalid request". */
function answerError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) {
  if (error instanceof LegacyAnswer) return reply.code(error.status).send(error.body);
  const status =
    error instanceof AppError
      ? error.status
      : databaseErrorCode(error)?.startsWith("22")
        ? 400
        : ((error as FastifyError).statusCode ?? 500);
  if (status === 415) {
    return reply
      .code(415)
      .send({ detail: `Unsupported media type "${request.headers["content-type"] ?? ""}" in request.` });
  }
  if (status < 500) return reply.code(400).send({ error: "Invalid request" });
  request.log.error({ err: error }, "legacy request failed");
  return reply.code(500).send({ error: "Internal server error" });
}

export const legacyApiRoutes: FastifyPluginAsyncZod<{ db: Database; reporting: Reporting }> = async (
  app,
  { db, reporting },
) => {
  // Form bodies, as the original's DRF parsers took them (the last value of a repeated field wins).
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    },
  );
  app.addContentTypeParser(
    "multipart/form-data",
    { parseAs: "buffer" },
    async (request: FastifyRequest, body: Buffer) => {
      const form = await new Response(body, {
        headers: { "content-type": request.headers["content-type"] ?? "" },
      })
        .formData()
        .catch((error: unknown) => {
          throw new AppError(400, "invalid_body", "The form body cannot be parsed.", { cause: error });
        });
      return Object.fromEntries([...form.entries()].filter(([, value]) => typeof value === "string"));
    },
  );
  app.setErrorHandler(answerError);

  const schema = (summary: string, hide = false) => ({
    tags: ["legacy api"],
    summary,
    hide,
    description:
      "Fields `NADOOIT__API_KEY`, `NADOOIT__USER_CODE` and the ones named below, as JSON or form body. " +
      'Answers `{"success": ...}` or `{"error": ...}` exactly as the original system did.',
  });

  for (const url of ["/api/executions", "/api/executions/"]) {
    app.post(
      url,
      { schema: schema("Record an execution (legacy; fields program_id, time_saved)", url.endsWith("/")) },
      async (request, reply) => {
        const fields = fieldsOf(request);
        const auth = await reporting.authenticator.authenticate(required(fields, "NADOOIT__API_KEY"));
        if (!auth.ok) throw new LegacyAnswer(403, { error: "Invalid API Key" });
        if (!auth.owner.isActive) throw new LegacyAnswer(403, { error: "User is not active" });
        if (!isOwnCode(auth.owner, required(fields, "NADOOIT__USER_CODE"))) {
          throw new LegacyAnswer(403, { error: "User code is not valid" });
        }
        const programId = required(fields, "program_id");
        if (!isUuid(programId)) throw invalidRequest();
        try {
          const answer = await reporting.ingest.record({
            reporter: { key: auth.key, owner: auth.owner, customerIds: auth.customerIds },
            input: { customerProgramId: programId, timeSavedSeconds: timeSavedOf(fields) },
            context: { userId: auth.owner.id, apiKeyId: auth.key.id, ip: request.ip, requestId: request.id },
            idempotency: null,
            answer: (recorded) => ({
              status: 200,
              body: { success: "Execution created", execution_id: recorded.execution.id },
            }),
          });
          return reply.code(answer.status).send(answer.body);
        } catch (error) {
          if (error instanceof ExecutionRefused) throw REFUSALS[error.code as ExecutionRefused["code"]];
          throw error;
        }
      },
    );
  }

  // The original's framework answered other methods with 405 and this body.
  app.route({
    method: ["GET", "PUT", "PATCH", "DELETE"],
    url: "/api/:endpoint(^executions$|^users/check$)",
    schema: { hide: true },
    handler: async (request, reply) =>
      reply
        .code(405)
        .header("allow", "POST, OPTIONS")
        .send({ detail: `Method "${request.method}" not allowed.` }),
  });

  for (const url of ["/api/users/check", "/api/users/check/"]) {
    app.post(
      url,
      { schema: schema("Check a user code (legacy; field NADOOIT__USER_CODE_TO_CHECK)", url.endsWith("/")) },
      async (request, reply) => {
        const fields = fieldsOf(request);
        const secret = fields.NADOOIT__API_KEY;
        const auth =
          typeof secret === "string" && secret
            ? await reporting.authenticator.authenticate(secret)
            : undefined;
        if (!auth?.ok) throw new LegacyAnswer(403, { error: "Your API Key is not valid" });
        if (!auth.owner.isActive) throw new LegacyAnswer(403, { error: "Your User is not active" });
        if (!isOwnCode(auth.owner, required(fields, "NADOOIT__USER_CODE"))) {
          throw new LegacyAnswer(403, { error: "Your User code is not valid" });
        }
        const toCheck = await findUserByCode(db, required(fields, "NADOOIT__USER_CODE_TO_CHECK"));
        if (!toCheck) return reply.code(400).send({ error: "User does not exist" });
        if (!toCheck.isActive) return reply.code(400).send({ success: "User to check is not active" });
        return reply.code(200).send({ success: "User to check is active" });
      },
    );
  }
};
