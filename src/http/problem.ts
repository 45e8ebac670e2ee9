/**
 * The single mapping of errors to RFC 9457 `application/problem+json`. Client mistakes keep their
 * 4xx status and get a readable message; anything unexpected is a 500 whose details stay in the log.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { hasZodFastifySchemaValidationErrors } from "fastify-type-provider-zod";
import { databaseErrorCode } from "../db/errors.ts";
import { AppError, type ProblemDetail } from "../lib/errors.ts";

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errors?: ProblemDetail[];
}

const STATUS_TITLES: Record<number, string> = {
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  409: "Conflict",
  410: "Gone",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  422: "Unprocessable Content",
  429: "Too Many Requests",
  500: "Internal Server Error",
  503: "Service Unavailable",
};

/** Fastify's own client errors, reworded for people. */
const FASTIFY_MESSAGES: Record<string, [number, string, string]> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, "unsupported_media_type", "This content type is not supported here."],
  FST_ERR_CTP_BODY_TOO_LARGE: [413, "body_too_large", "The request body is too large."],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, "invalid_json", "The body is empty but the content type says JSON."],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, "invalid_json", "The body is not valid JSON."],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [
    400,
    "bad_request",
    "The Content-Length header does not match the body.",
  ],
  FST_ERR_BAD_URL: [400, "bad_url", "The URL is not valid (bad percent-encoding)."],
  FST_ERR_MAX_PARAM_LENGTH: [414, "url_too_long", "A part of the URL is too long."],
};

export function sendProblem(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  detail: string,
  errors?: ProblemDetail[],
): FastifyReply {
  const problem: Problem = {
    type: "about:blank",
    title: STATUS_TITLES[status] ?? "Error",
    status,
    detail,
    code,
    instance: request.url.split("?")[0],
    requestId: request.id,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
  return reply.code(status).type(PROBLEM_CONTENT_TYPE).send(problem);
}

/**
 * A safety net for database errors that input can cause and a service did not turn into a precise
 * AppError (services should: they know which record is meant).
 */
function databaseProblem(sqlState: string | undefined): [number, string, string] | undefined {
  if (!sqlState) return undefined;
  if (sqlState.startsWith("22"))
    return [400, "invalid_value", "A value in the request is not valid for its field."];
  if (sqlState === "23505") return [409, "conflict", "This conflicts with an existing record."];
  if (sqlState === "23503") {
    return [
      409,
      "conflict",
      "This refers to a record that does not exist, or one that others still refer to.",
    ];
  }
  return undefined;
}

function toProblemArguments(error: FastifyError): [number, string, string, ProblemDetail[]?] {
  if (error instanceof AppError) return [error.status, error.code, error.message, error.details];
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((issue) => ({
      path: [error.validationContext, issue.instancePath.replace(/^\//, "").replace(/\//g, ".")]
        .filter(Boolean)
        .join("."),
      message: issue.message ?? "is invalid",
    }));
    return [400, "validation_failed", "The request is not valid; see `errors` for each problem.", details];
  }
  const database = databaseProblem(databaseErrorCode(error));
  if (database) return database;
  const known = error.code ? FASTIFY_MESSAGES[error.code] : undefined;
  if (known) return known;
  if (error instanceof SyntaxError) return [400, "invalid_body", "The body cannot be parsed."];
  const status = error.statusCode ?? 500;
  if (status >= 400 && status < 500) return [status, "bad_request", error.message];
  return [
    500,
    "internal_error",
    "Something went wrong on our side. The request id identifies it in our logs.",
  ];
}

export function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const [status, code, detail, details] = toProblemArguments(error);
  if (status >= 500) request.log.error({ err: error }, "request failed");
  else request.log.info({ code, status }, detail);
  if (error instanceof AppError && error.headers) reply.headers(error.headers);
  return sendProblem(request, reply, status, code, detail, details);
}

export function registerProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);

  app.setNotFoundHandler((request, reply) =>
    sendProblem(
      request,
      reply,
      404,
      "not_found",
      `There is no ${request.method} ${request.url.split("?")[0]}.`,
    ),
  );
}
