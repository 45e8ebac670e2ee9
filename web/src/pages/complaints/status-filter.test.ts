import { describe, expect, it } from "vitest";
import { statusFromQuery } from "./StatusFilter";

describe("statusFromQuery", () => {
  it("reads one status, the unresolved ones, or all", () => {
    expect(statusFromQuery("rejected", "unresolved")).toBe("rejected");
    expect(statusFromQuery("unresolved", null)).toBe("unresolved");
    expect(statusFromQuery("all", "unresolved")).toBeNull();
  });

  it("falls back to the page's default for a missing or unknown value", () => {
    expect(statusFromQuery(null, "unresolved")).toBe("unresolved");
    expect(statusFromQuery("closed", null)).toBeNull();
  });
});
