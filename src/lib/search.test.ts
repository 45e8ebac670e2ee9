import { describe, expect, it } from "vitest";
import { containsPattern } from "./search.ts";

describe("containsPattern", () => {
  it("wraps the text in wildcards", () => {
    expect(containsPattern("Muster")).toBe("%Muster%");
  });

  it("escapes the pattern's own wildcards and the escape character", () => {
    expect(containsPattern("50%_a\\b")).toBe("%50\\%\\_a\\\\b%");
  });
});
