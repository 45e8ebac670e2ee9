import { describe, expect, it } from "vitest";
import { isLanguage, LANGUAGES } from "./language.ts";

describe("languages", () => {
  it("are German first, then English, and nothing else", () => {
    expect(LANGUAGES).toEqual(["de", "en"]);
    expect(isLanguage("de")).toBe(true);
    expect(isLanguage("en")).toBe(true);
    for (const other of ["fr", "DE", "", undefined, null, 1]) expect(isLanguage(other)).toBe(false);
  });
});
