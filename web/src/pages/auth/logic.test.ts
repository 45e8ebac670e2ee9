import { describe, expect, it } from "vitest";
import {
  AuthProblem,
  explainFailure,
  isAbort,
  isPlausibleUserCode,
  normaliseUserCode,
  retryAfterSeconds,
  safeNext,
  staffNext,
} from "./logic";

describe("safeNext", () => {
  it("returns pages of NADOO OS as router paths, with their query", () => {
    expect(safeNext("/os/c/abc/executions?period=month")).toBe("/c/abc/executions?period=month");
    expect(safeNext("/os/profile")).toBe("/profile");
    expect(safeNext("/os/")).toBe("/");
    expect(safeNext("/os")).toBe("/");
  });

  it("never leads to another site or out of the app", () => {
    for (const hostile of [
      null,
      "",
      "//evil.example",
      "https://evil.example/os/",
      "/\\evil.example",
      "/os/\\evil.example",
      "/os//evil.example",
      "/os/../evil",
      "/os/%2e%2e/evil",
      "javascript:alert(1)",
      "/account",
      "/osx/profile",
      "/os/ profile",
      `/os/${"a".repeat(600)}`,
    ]) {
      expect(safeNext(hostile), String(hostile)).toBe("/");
    }
  });

  it("does not send people back to the sign-in pages", () => {
    expect(safeNext("/os/login?next=/os/")).toBe("/");
    expect(safeNext("/os/enrol/token")).toBe("/");
  });
});

describe("staffNext", () => {
  it("returns pages of the staff console as full paths", () => {
    expect(staffNext("/staff/complaints/abc?status=open")).toBe("/staff/complaints/abc?status=open");
    expect(staffNext("/staff")).toBe("/staff/");
  });

  it("is null for everything else", () => {
    for (const other of [null, "/os/", "//evil.example/staff/", "/staffx", "/staff/\\evil", "/staff/../os"]) {
      expect(staffNext(other), String(other)).toBeNull();
    }
  });
});

describe("user codes", () => {
  it("tidies new codes into groups and reads confusable letters as digits", () => {
    expect(normaliseUserCode(" k7qm 3xtd 9pwa ")).toBe("K7QM-3XTD-9PWA");
    expect(normaliseUserCode("K7QM-3XTD-9PWA")).toBe("K7QM-3XTD-9PWA");
    expect(normaliseUserCode("OILK-3XTD-9PWA")).toBe("011K-3XTD-9PWA");
    expect(isPlausibleUserCode("k7qm/3xtd/9pwa")).toBe(true);
  });

  it("keeps codes of the original system as typed", () => {
    expect(normaliseUserCode("aB3xY9")).toBe("aB3xY9");
    expect(isPlausibleUserCode("aB3xY9")).toBe(true);
  });

  it("refuses what cannot be a code", () => {
    expect(isPlausibleUserCode("")).toBe(false);
    expect(isPlausibleUserCode("12345")).toBe(false);
    expect(isPlausibleUserCode("K7QM-3XTD-9PWU")).toBe(false);
  });
});

describe("explainFailure", () => {
  it("says in how many minutes a locked-out person may try again", () => {
    expect(explainFailure(new AuthProblem(429, "too_many_requests", "", 601))).toEqual({
      key: "errors.tooManyAttempts",
      values: { count: 11 },
    });
    expect(explainFailure(new AuthProblem(429, "too_many_requests", "", 5))).toMatchObject({
      values: { count: 1 },
    });
  });

  it("explains known problem codes and falls back for others", () => {
    expect(explainFailure(new AuthProblem(404, "user_code_unknown", "")).key).toBe(
      "errors.user_code_unknown",
    );
    expect(explainFailure(new AuthProblem(400, "no_passkey", "")).key).toBe("errors.no_passkey");
    expect(explainFailure(new AuthProblem(410, "enrolment_link_expired", "")).key).toBe(
      "errors.enrolment_link_expired",
    );
    expect(explainFailure(new AuthProblem(0, undefined, "")).key).toBe("errors.network");
    expect(explainFailure(new AuthProblem(503, "service_unavailable", "")).key).toBe("errors.server");
    expect(explainFailure(new AuthProblem(418, "teapot", "")).key).toBe("errors.generic");
  });

  it("explains the browser's refusals", () => {
    const cancelled = Object.assign(new Error("x"), { name: "NotAllowedError" });
    expect(explainFailure(cancelled).key).toBe("errors.cancelled");
    const twice = Object.assign(new Error("x"), { code: "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED" });
    expect(explainFailure(twice).key).toBe("errors.conflict");
    expect(isAbort(Object.assign(new Error("x"), { name: "AbortError" }))).toBe(true);
    expect(isAbort(cancelled)).toBe(false);
  });
});

describe("retryAfterSeconds", () => {
  it("reads seconds and HTTP dates", () => {
    expect(retryAfterSeconds("120")).toBe(120);
    expect(retryAfterSeconds(null)).toBeUndefined();
    const now = Date.parse("2026-11-24T12:00:00Z");
    expect(retryAfterSeconds("Tue, 24 Nov 2026 12:05:00 GMT", now)).toBe(300);
    expect(retryAfterSeconds("soon")).toBeUndefined();
  });
});
