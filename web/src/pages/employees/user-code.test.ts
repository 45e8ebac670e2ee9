import { describe, expect, it } from "vitest";
import { normaliseUserCode, sameUserCode, userCodeSearchKey } from "./user-code";

describe("normaliseUserCode", () => {
  it("groups a new code and ignores case, spaces and dashes", () => {
    expect(normaliseUserCode(" k7qm 3xtd-9pwa ")).toBe("K7QM-3XTD-9PWA");
    expect(normaliseUserCode("K7QM3XTD9PWA")).toBe("K7QM-3XTD-9PWA");
  });

  it("reads O as 0 and I or L as 1, as printed keys are misread", () => {
    expect(normaliseUserCode("OOOO-IIII-LLLL")).toBe("0000-1111-1111");
  });

  it("keeps a six-character code of the original system as typed (it was case-sensitive)", () => {
    expect(normaliseUserCode("aB3xY9")).toBe("aB3xY9");
    expect(normaliseUserCode("aB3-xY9")).toBe("aB3xY9");
  });

  it("refuses what cannot be a code", () => {
    expect(normaliseUserCode("")).toBeNull();
    expect(normaliseUserCode("K7QM-3XTD-9PW")).toBeNull();
    expect(normaliseUserCode("K7QM-3XTD-9PWU")).toBeNull();
    expect(normaliseUserCode("abc!12")).toBeNull();
  });
});

describe("sameUserCode", () => {
  it("compares new codes in their normalised form", () => {
    expect(sameUserCode("k7qm3xtd9pwa", "K7QM-3XTD-9PWA")).toBe(true);
    expect(sameUserCode("K7QM-3XTD-9PWB", "K7QM-3XTD-9PWA")).toBe(false);
  });

  it("compares legacy codes exactly", () => {
    expect(sameUserCode("abc123", "abc123")).toBe(true);
    expect(sameUserCode("abc123", "ABC123")).toBe(false);
  });

  it("never calls an invalid input the same", () => {
    expect(sameUserCode("", "")).toBe(false);
  });
});

it("searches codes without separators and case", () => {
  expect(userCodeSearchKey("k7qm-3x")).toBe("K7QM3X");
});
