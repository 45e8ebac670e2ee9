import { Writable } from "node:stream";
import { type App, type AppConfig, buildApp } from "../app.ts";
import type { DatabaseHandle } from "../db/connection.ts";
import type { AuthConfig } from "../modules/auth/settings.ts";

/** Collects the app's JSON log lines so tests can check what is (not) written. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];

  override _write(chunk: Buffer, _encoding: BufferEncoding, done: () => void): void {
    this.lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    done();
  }

  get text(): string {
    return this.lines.join("\n");
  }
}

export const TEST_PUBLIC_URL = "http://localhost:8000";
export const TEST_SECRET_KEY = "test-secret-key-of-at-least-32-characters";

/** The sign-in settings of every test app; tests that compute tokens or links outside it use the same. */
export const TEST_AUTH_CONFIG: AuthConfig = {
  publicUrl: TEST_PUBLIC_URL,
  secretKey: TEST_SECRET_KEY,
  sessionIdleHours: 8,
  sessionAbsoluteHours: 168,
  enrolmentLinkHours: 72,
};

export interface TestAppOptions {
  bodyLimitBytes?: number;
  publicUrl?: string;
  trustProxy?: AppConfig["trustProxy"];
  /** The app's clock for sessions, links and challenges. */
  now?: () => Date;
  /** Lets a test add routes before the app is ready. */
  beforeReady?: (app: App) => void;
}

export async function createTestApp(
  database: DatabaseHandle,
  options: TestAppOptions = {},
): Promise<{ app: App; logs: LogCapture }> {
  const logs = new LogCapture();
  const app = await buildApp({
    config: {
      ...TEST_AUTH_CONFIG,
      logLevel: "info",
      bodyLimitBytes: options.bodyLimitBytes ?? 1_048_576,
      publicUrl: options.publicUrl ?? TEST_PUBLIC_URL,
      trustProxy: options.trustProxy ?? false,
    },
    database,
    logStream: logs,
    now: options.now,
  });
  options.beforeReady?.(app);
  await app.ready();
  return { app, logs };
}
