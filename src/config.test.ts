import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "./config.ts";
import { temporaryDirectory } from "./testing/temporary.ts";

const secret = "s".repeat(40);

describe("loadConfig", () => {
  it("applies the documented defaults", () => {
    const config = loadConfig({ SECRET_KEY: secret });
    expect(config).toMatchObject({
      port: 8000,
      host: "127.0.0.1",
      dataDir: path.resolve("./data"),
      databaseUrl: undefined,
      publicUrl: "http://localhost:8000",
      logLevel: "info",
      trustProxy: false,
      sessionIdleHours: 8,
      sessionAbsoluteHours: 168,
      enrolmentLinkHours: 72,
    });
  });

  it("reads session, enrolment and proxy settings", () => {
    const config = loadConfig({
      SECRET_KEY: secret,
      SESSION_IDLE_HOURS: "0.5",
      SESSION_ABSOLUTE_HOURS: "24",
      ENROLMENT_LINK_HOURS: "1",
      TRUST_PROXY: "10.0.0.0/8,127.0.0.1",
    });
    expect(config).toMatchObject({
      sessionIdleHours: 0.5,
      sessionAbsoluteHours: 24,
      enrolmentLinkHours: 1,
      trustProxy: "10.0.0.0/8,127.0.0.1",
    });
    expect(loadConfig({ SECRET_KEY: secret, TRUST_PROXY: "2" }).trustProxy).toBe(2);
    expect(loadConfig({ SECRET_KEY: secret, TRUST_PROXY: "true" }).trustProxy).toBe(true);
    expect(() => loadConfig({ SECRET_KEY: secret, SESSION_IDLE_HOURS: "0" })).toThrow(/SESSION_IDLE_HOURS/);
    expect(() => loadConfig({ SECRET_KEY: secret, ENROLMENT_LINK_HOURS: "soon" })).toThrow(
      /ENROLMENT_LINK_HOURS: must be a number of hours/,
    );
  });

  it("reads every variable", () => {
    const config = loadConfig({
      PORT: "9000",
      HOST: "0.0.0.0",
      DATA_DIR: "/srv/nadoo",
      DATABASE_URL: "postgres://nadoo@db:5432/nadoo",
      PUBLIC_URL: "https://os.example.com/",
      SECRET_KEY: secret,
      LOG_LEVEL: "warn",
    });
    expect(config).toMatchObject({
      port: 9000,
      host: "0.0.0.0",
      dataDir: "/srv/nadoo",
      databaseUrl: "postgres://nadoo@db:5432/nadoo",
      publicUrl: "https://os.example.com",
      secretKey: secret,
      logLevel: "warn",
    });
  });

  it("names each bad variable and never echoes the secret", () => {
    const attempt = () =>
      loadConfig({
        PORT: "eighty",
        DATABASE_URL: "mysql://x",
        PUBLIC_URL: "ftp://x",
        LOG_LEVEL: "loud",
        SECRET_KEY: "too-short-secret",
      });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const message = (error as Error).message;
      for (const name of ["PORT", "DATABASE_URL", "PUBLIC_URL", "LOG_LEVEL", "SECRET_KEY"]) {
        expect(message).toContain(`${name}:`);
      }
      expect(message).not.toContain("too-short-secret");
    }
  });

  it("rejects a port out of range", () => {
    expect(() => loadConfig({ PORT: "70000", SECRET_KEY: secret })).toThrow(/PORT: must be between/);
  });

  it("generates the secret key into DATA_DIR once and reuses it", () => {
    const dataDir = temporaryDirectory("config");
    const first = loadConfig({ DATA_DIR: dataDir });
    const second = loadConfig({ DATA_DIR: dataDir });
    expect(first.secretKey).toMatch(/^[0-9a-f]{64}$/);
    expect(second.secretKey).toBe(first.secretKey);
    const file = path.join(dataDir, "secret_key");
    expect(readFileSync(file, "utf8").trim()).toBe(first.secretKey);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("treats empty variables as unset", () => {
    expect(loadConfig({ PORT: "", SECRET_KEY: secret, DATABASE_URL: "" })).toMatchObject({
      port: 8000,
      databaseUrl: undefined,
    });
  });
});
