/**
 * Log options shared by the server and the CLI: JSON lines, request ids, and no secrets. Header
 * values that carry credentials and URL parts that carry tokens are replaced before writing.
 */
import type { FastifyRequest } from "fastify";
import type { LoggerOptions } from "pino";

export const REDACTED = "[redacted]";

// Credentials, and forwarded client addresses (personal data).
const SECRET_HEADERS = new Set([
  "authorization",
  "proxy-authorization",
  "cookie",
  "set-cookie",
  "x-api-key",
  "x-csrf-token",
  "x-forwarded-for",
  "x-real-ip",
  "forwarded",
]);

/** Query parameters whose values are credentials or personal data. */
const SECRET_QUERY_PARAMETERS =
  /^(token|key|api_?key|secret|code|user_?code|nadooit__api_key|nadooit__user_code.*)$/i;

/** Path segments after these are one-time tokens (enrolment links and the like). */
const TOKEN_PATH_PREFIXES = new Set(["enrol", "enroll", "enrolment", "invite"]);

export function redactUrl(url: string): string {
  const [pathPart = "", query] = url.split("?", 2);
  const segments = pathPart.split("/");
  for (let index = 1; index < segments.length; index++) {
    if (TOKEN_PATH_PREFIXES.has(segments[index - 1] ?? "") && segments[index]) segments[index] = REDACTED;
  }
  let result = segments.join("/");
  if (query !== undefined) {
    const parameters = new URLSearchParams(query);
    for (const name of [...parameters.keys()]) {
      if (SECRET_QUERY_PARAMETERS.test(name)) parameters.set(name, REDACTED);
    }
    result += `?${parameters.toString()}`;
  }
  return result;
}

export function redactHeaders(headers: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(headers).map(([name, value]) => [
      name,
      SECRET_HEADERS.has(name.toLowerCase()) ? REDACTED : value,
    ]),
  );
}

const SECRET_FIELDS = ["token", "apiKey", "secret", "secretKey", "password", "NADOOIT__API_KEY"];

/** Paths in objects that application code passes to the logger. */
const REDACT_PATHS = [
  ...[...SECRET_HEADERS].flatMap((name) => [`headers["${name}"]`, `*.headers["${name}"]`]),
  ...SECRET_FIELDS.flatMap((name) => [name, `*.${name}`]),
];

export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    redact: { paths: REDACT_PATHS, censor: REDACTED },
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        headers: redactHeaders(request.headers),
      }),
    },
  };
}
