import { describe, expect, it } from "vitest";
import { ApiError } from "../../../api/client";
import { amountProblem, NO_DURATION, reasonProblem, secondsOf, serverFieldError } from "./model";

describe("an amount typed as hours, minutes and seconds", () => {
  it("adds the parts, empty ones as 0", () => {
    expect(secondsOf({ hours: 2, minutes: 30, seconds: "" })).toBe(9000);
    expect(secondsOf({ hours: "", minutes: "", seconds: 45 })).toBe(45);
    expect(secondsOf(NO_DURATION)).toBe(0);
  });

  it("is invalid with a fraction or a negative part", () => {
    expect(secondsOf({ hours: 1.5, minutes: "", seconds: "" })).toBeNaN();
    expect(secondsOf({ hours: "", minutes: -1, seconds: "" })).toBeNaN();
  });

  it("must be more than nothing and at most the server's limit", () => {
    expect(amountProblem(0)).toBe("amountRequired");
    expect(amountProblem(Number.NaN)).toBe("amountInvalid");
    expect(amountProblem(1_000_000_001)).toBe("amountTooLarge");
    expect(amountProblem(60)).toBeNull();
  });
});

describe("a reason", () => {
  it("is required for adjustments only and at most 500 characters", () => {
    expect(reasonProblem("  ", true)).toBe("reasonRequired");
    expect(reasonProblem("", false)).toBeNull();
    expect(reasonProblem("x".repeat(501), false)).toBe("reasonTooLong");
  });
});

describe("the server's field errors", () => {
  it("are read from the problem by path", () => {
    const error = new ApiError({ status: 400, errors: [{ path: "reason", message: "Required." }] });
    expect(serverFieldError(error, "reason")).toBe("Required.");
    expect(serverFieldError(error, "seconds")).toBeUndefined();
    expect(serverFieldError(new Error("x"), "reason")).toBeUndefined();
  });
});
