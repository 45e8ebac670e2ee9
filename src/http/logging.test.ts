import { describe, expect, it } from "vitest";
import { REDACTED, redactRecord } from "./logging.ts";

describe("redactRecord", () => {
  it("replaces secret fields and credential headers on the first two levels", () => {
    const record = {
      token: "tok_1",
      headers: { authorization: "Bearer nadoo_x", accept: "application/json" },
      user: { id: "u1", apiKey: "nadoo_y", headers: { cookie: "session=1" } },
      count: 3,
    };
    expect(redactRecord(record)).toEqual({
      token: REDACTED,
      headers: { authorization: REDACTED, accept: "application/json" },
      user: { id: "u1", apiKey: REDACTED, headers: { cookie: REDACTED } },
      count: 3,
    });
    expect(record.token).toBe("tok_1");
    expect(record.user.apiKey).toBe("nadoo_y");
  });

  it("returns a record without secrets unchanged, without copying it", () => {
    const record = { req: { method: "POST", url: "/api/v1/executions" }, responseTime: 1.5 };
    expect(redactRecord(record)).toBe(record);
  });
});
