/**
 * The one error family of the application. Services throw these; the HTTP layer maps them once to
 * `application/problem+json` (src/http/problem.ts). Messages are English and meant for humans.
 */
export interface ProblemDetail {
  path: string;
  message: string;
}

export class AppError extends Error {
  readonly status: number;
  /** Stable machine-readable code, e.g. `not_found`; clients switch on it, never on the message. */
  readonly code: string;
  readonly details?: ProblemDetail[];
  readonly headers?: Record<string, string>;

  constructor(
    status: number,
    code: string,
    message: string,
    options?: { details?: ProblemDetail[]; headers?: Record<string, string>; cause?: unknown },
  ) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.status = status;
    this.code = code;
    this.details = options?.details;
    this.headers = options?.headers;
  }
}

export class ValidationError extends AppError {
  constructor(message: string, details?: ProblemDetail[]) {
    super(400, "validation_failed", message, { details });
  }
}

export class UnauthorizedError extends AppError {
  constructor(message = "Authentication is required.") {
    super(401, "unauthorized", message);
  }
}

export class ForbiddenError extends AppError {
  constructor(message = "You are not allowed to do this.", details?: ProblemDetail[]) {
    super(403, "forbidden", message, { details });
  }
}

export class NotFoundError extends AppError {
  constructor(message = "Not found.") {
    super(404, "not_found", message);
  }
}

export class ConflictError extends AppError {
  constructor(message: string, details?: ProblemDetail[]) {
    super(409, "conflict", message, { details });
  }
}

export class GoneError extends AppError {
  constructor(message: string) {
    super(410, "gone", message);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super(429, "too_many_requests", message, {
      headers: { "retry-after": String(Math.max(1, Math.ceil(retryAfterSeconds))) },
    });
  }
}

export class ServiceUnavailableError extends AppError {
  constructor(message: string) {
    super(503, "service_unavailable", message);
  }
}
