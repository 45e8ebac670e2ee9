/**
 * Environment → typed configuration, validated once at start. A bad value stops the process with a
 * message naming the variable; the secret key is never part of any message or log line.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, existsSync, linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";
import { z } from "zod";

const logLevels = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

const port = z.coerce
  .number({ error: "must be a number" })
  .int("must be a whole number")
  .min(0, "must be between 0 and 65535")
  .max(65535, "must be between 0 and 65535");

const httpUrl = z
  .url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" })
  .transform((value) => value.replace(/\/+$/, ""));

const hours = (fallback: number) =>
  z.coerce
    .number({ error: "must be a number of hours" })
    .positive("must be more than 0 hours")
    .max(24 * 366, "must be at most a year")
    .default(fallback);

/** `true`, a number of proxy hops, or a comma-separated list of proxy addresses / CIDR ranges. */
const trustProxy = z.string().transform((value): boolean | number | string => {
  if (value === "true") return true;
  if (value === "false") return false;
  return /^\d+$/.test(value) ? Number(value) : value;
});

const postgresUrl = z
  .string()
  .regex(/^postgres(ql)?:\/\/\S+$/, "must be a postgres:// or postgresql:// connection URL");

const environmentSchema = z.object({
  PORT: port.default(8000),
  HOST: z.string().min(1, "must not be empty").default("127.0.0.1"),
  DATA_DIR: z.string().min(1, "must not be empty").default("./data"),
  DATABASE_URL: postgresUrl.optional(),
  PUBLIC_URL: httpUrl.optional(),
  SECRET_KEY: z.string().min(32, "must be at least 32 characters long").optional(),
  LOG_LEVEL: z.enum(logLevels, { error: `must be one of ${logLevels.join(", ")}` }).default("info"),
  BODY_LIMIT_BYTES: z.coerce
    .number({ error: "must be a number" })
    .int("must be a whole number")
    .min(1024, "must be at least 1024")
    .default(1_048_576),
  TRUST_PROXY: trustProxy.optional(),
  SESSION_IDLE_HOURS: hours(8),
  SESSION_ABSOLUTE_HOURS: hours(24 * 7),
  ENROLMENT_LINK_HOURS: hours(72),
});

export type LogLevel = (typeof logLevels)[number];

export interface Config {
  port: number;
  host: string;
  /** Absolute path. */
  dataDir: string;
  /** Unset: embedded PGlite in `dataDir/pg`. */
  databaseUrl?: string;
  /** Origin for WebAuthn and links, without a trailing slash. */
  publicUrl: string;
  secretKey: string;
  logLevel: LogLevel;
  bodyLimitBytes: number;
  /** Whose `X-Forwarded-For` to believe for client addresses (rate limits, audit log). */
  trustProxy: boolean | number | string;
  sessionIdleHours: number;
  sessionAbsoluteHours: number;
  enrolmentLinkHours: number;
}

export class ConfigError extends Error {}

/** Treats empty variables as unset, as shells and compose files often export `VAR=`. */
function withoutEmpty(environment: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(
    Object.entries(environment).filter((entry): entry is [string, string] => Boolean(entry[1])),
  );
}

/** Reads the configuration. `SECRET_KEY` comes from the environment or `DATA_DIR/secret_key`. */
export function loadConfig(environment: NodeJS.ProcessEnv = process.env): Config {
  const parsed = environmentSchema.safeParse(withoutEmpty(environment));
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join(".")}: ${issue.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const values = parsed.data;
  const dataDir = path.resolve(values.DATA_DIR);
  const publicPort = values.PORT === 0 ? 8000 : values.PORT;
  return {
    port: values.PORT,
    host: values.HOST,
    dataDir,
    databaseUrl: values.DATABASE_URL,
    publicUrl: values.PUBLIC_URL ?? `http://localhost:${publicPort}`,
    secretKey: values.SECRET_KEY ?? readOrCreateSecretKey(dataDir),
    logLevel: values.LOG_LEVEL,
    bodyLimitBytes: values.BODY_LIMIT_BYTES,
    trustProxy: values.TRUST_PROXY ?? false,
    sessionIdleHours: values.SESSION_IDLE_HOURS,
    sessionAbsoluteHours: values.SESSION_ABSOLUTE_HOURS,
    enrolmentLinkHours: values.ENROLMENT_LINK_HOURS,
  };
}

/** A key generated once per installation and kept beside the data, readable by the owner only. */
function readOrCreateSecretKey(dataDir: string): string {
  const file = path.join(dataDir, "secret_key");
  try {
    if (existsSync(file)) {
      const key = readFileSync(file, "utf8").trim();
      if (key.length < 32) throw new ConfigError(`The secret key in ${file} is shorter than 32 characters.`);
      return key;
    }
    mkdirSync(dataDir, { recursive: true });
    const key = randomBytes(32).toString("hex");
    // Written completely under a private name, then linked into place: a process starting at the
    // same moment either finds no file or the whole key, never a partial one.
    const draft = `${file}.${process.pid}`;
    writeFileSync(draft, `${key}\n`, { mode: 0o600 });
    chmodSync(draft, 0o600);
    try {
      linkSync(draft, file);
    } finally {
      unlinkSync(draft);
    }
    return key;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if ((error as NodeJS.ErrnoException).code === "EEXIST") return readOrCreateSecretKey(dataDir);
    throw new ConfigError(`Cannot read or create the secret key in ${file}: ${(error as Error).message}`);
  }
}
