import { describe, expect, it } from "vitest";
import { nameProblem, shortId, signedDuration } from "./model";

describe("the name of a new time account", () => {
  it("must not be empty or blank", () => {
    expect(nameProblem("")).toBe("nameRequired");
    expect(nameProblem("   ")).toBe("nameRequired");
  });

  it("may be 200 characters long after trimming, not more", () => {
    expect(nameProblem(` ${"a".repeat(200)} `)).toBeNull();
    expect(nameProblem("a".repeat(201))).toBe("nameTooLong");
  });

  it("is fine otherwise", () => {
    expect(nameProblem("Buchhaltung 2027")).toBeNull();
  });
});

describe("ledger amounts", () => {
  it("carry a plus when they add and the minus sign when they draw", () => {
    expect(signedDuration(3600, "de")).toBe("+1 Std.");
    expect(signedDuration(-600, "de")).toBe("−10 Min.");
    expect(signedDuration(-90_185, "en")).toBe("−25 h 3 min 5 s");
  });

  it("show zero without a sign", () => {
    expect(signedDuration(0, "de")).toBe("0 Sek.");
  });
});

it("shortens an execution id to its random last block", () => {
  expect(shortId("01a20d7d-1c2b-7000-8000-4f3e2d1c0b0a")).toBe("4f3e2d1c0b0a");
});
