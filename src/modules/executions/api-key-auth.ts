/**
 * Authentication of the reporting API v1: `Authorization: Bearer <key>`, checked before the body is
 * read, so a request without a valid key learns nothing else (401 before any 400).
 */
import type { FastifyRequest } from "fastify";
import { AppError, ForbiddenError } from "../../lib/errors.ts";
import type { ApiKeyAuthenticator } from "../api-keys/service.ts";
import type { ActorContext } from "../audit/service.ts";
import type { Reporter } from "./service.ts";

declare module "fastify" {
  interface FastifyRequest {
    /** The API key and its owner, on routes of the reporting API. */
    reporter: Reporter | null;
  }
}

class ApiKeyRejected extends AppError {
  constructor(message: string) {
    super(401, "invalid_api_key", message, { headers: { "www-authenticate": 'Bearer realm="nadoo"' } });
  }
}

const BEARER = /^Bearer\s+(\S{1,512})\s*$/i;

const REJECTIONS = {
  unknown: "The API key is not valid.",
  revoked: "This API key has been revoked.",
  expired: "This API key has expired.",
} as const;

export async function authenticateReporter(
  authenticator: ApiKeyAuthenticator,
  request: FastifyRequest,
): Promise<Reporter> {
  const header = request.headers.authorization;
  if (!header) throw new ApiKeyRejected("Send your API key as `Authorization: Bearer <key>`.");
  const match = BEARER.exec(header);
  if (!match?.[1]) throw new ApiKeyRejected("The Authorization header must be `Bearer <key>`.");
  const result = await authenticator.authenticate(match[1]);
  if (!result.ok) throw new ApiKeyRejected(REJECTIONS[result.reason]);
  if (!result.owner.isActive) {
    throw new ForbiddenError("The owner of this API key is deactivated; the key cannot be used.");
  }
  return { key: result.key, owner: result.owner, customerIds: result.customerIds };
}

export function requireReporter(request: FastifyRequest): Reporter {
  if (!request.reporter) throw new Error("The reporting API route has no authenticated key.");
  return request.reporter;
}

/** Who acts, for the ledger and the audit log. */
export function reporterContext(request: FastifyRequest, reporter: Reporter): ActorContext {
  return { userId: reporter.owner.id, apiKeyId: reporter.key.id, ip: request.ip, requestId: request.id };
}
