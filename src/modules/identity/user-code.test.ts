import { describe, expect, it } from "vitest";
import {
  CROCKFORD_ALPHABET,
  formatUserCode,
  generateUserCode,
  parseUserCode,
  userCodeKey,
} from "./user-code.ts";

describe("generateUserCode", () => {
  it("makes 12 Crockford base32 characters", () => {
    for (let round = 0; round < 200; round++) {
      expect(generateUserCode()).toMatch(/^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{12}$/);
    }
  });

  it("maps every byte value onto the alphabet evenly", () => {
    const bytes = Uint8Array.from({ length: 12 }, (_, index) => index * 32 + 31);
    expect(generateUserCode(() => bytes)).toBe("Z".repeat(12));
    const counts = new Map<string, number>();
    for (let value = 0; value < 256; value += 12) {
      const code = generateUserCode(() =>
        Uint8Array.from({ length: 12 }, (_, index) => (value + index) % 256),
      );
      for (const symbol of code) counts.set(symbol, (counts.get(symbol) ?? 0) + 1);
    }
    expect([...counts.keys()].sort().join("")).toBe([...CROCKFORD_ALPHABET].sort().join(""));
  });

  it("differs between calls", () => {
    const codes = new Set(Array.from({ length: 1000 }, () => generateUserCode()));
    expect(codes.size).toBe(1000);
  });
});

describe("formatUserCode", () => {
  it("groups new codes by four", () => {
    expect(formatUserCode("K7QM3XTD9PWA")).toBe("K7QM-3XTD-9PWA");
  });

  it("leaves legacy codes alone", () => {
    expect(formatUserCode("aB3xY9")).toBe("aB3xY9");
  });
});

describe("userCodeKey and parseUserCode", () => {
  it("ignores case, dashes and spaces", () => {
    expect(userCodeKey("k7qm-3xtd-9pwa")).toBe("K7QM3XTD9PWA");
    expect(userCodeKey(" K7QM 3XTD 9PWA ")).toBe("K7QM3XTD9PWA");
  });

  it("treats O as 0 and I, L as 1", () => {
    expect(userCodeKey("OoIiLl")).toBe("001111");
    expect(parseUserCode("K7QM-3XTD-9PWO")?.key).toBe("K7QM3XTD9PW0");
    expect(parseUserCode("k7qm-3xtd-9pwi")?.key).toBe("K7QM3XTD9PW1");
    expect(parseUserCode("k7qm-3xtd-9pwl")?.key).toBe("K7QM3XTD9PW1");
  });

  it("accepts new codes", () => {
    expect(parseUserCode("K7QM-3XTD-9PWA")).toEqual({
      stripped: "K7QM3XTD9PWA",
      key: "K7QM3XTD9PWA",
      legacy: false,
    });
  });

  it("accepts legacy 6-character codes and keeps their case", () => {
    expect(parseUserCode("aB3xY9")).toEqual({ stripped: "aB3xY9", key: "AB3XY9", legacy: true });
  });

  it("refuses what cannot be a code", () => {
    expect(parseUserCode("")).toBeNull();
    expect(parseUserCode("K7QM-3XTD")).toBeNull();
    expect(parseUserCode("K7QM-3XTD-9PWU")).toBeNull(); // U is not Crockford base32
    expect(parseUserCode("K7QM-3XTD-9PWA-X")).toBeNull();
    expect(parseUserCode("ab$12x")).toBeNull(); // the original accepted this by mistake
    expect(parseUserCode("abc12")).toBeNull();
  });
});
