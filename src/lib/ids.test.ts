import { describe, expect, it } from "vitest";
import { isUuid, uuidv7 } from "./ids.ts";

describe("uuidv7", () => {
  it("has version 7 and the RFC variant", () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe("7");
    expect(["8", "9", "a", "b"]).toContain(id[19]);
  });

  it("encodes the timestamp so ids sort by creation time", () => {
    const zeros = (size: number) => new Uint8Array(size);
    const earlier = uuidv7(1_700_000_000_000, zeros);
    const later = uuidv7(1_700_000_000_001, zeros);
    expect(earlier < later).toBe(true);
    expect(earlier.startsWith("018bcfe5-6800")).toBe(true);
  });

  it("differs between calls in the same millisecond", () => {
    expect(uuidv7(42)).not.toBe(uuidv7(42));
  });
});
