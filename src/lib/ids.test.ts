import { describe, expect, it } from "vitest";
import { isUuid, uuidv7, uuidv7Generator } from "./ids.ts";

const zeros = (size: number) => new Uint8Array(size);

describe("uuidv7", () => {
  it("has version 7 and the RFC variant", () => {
    const id = uuidv7();
    expect(isUuid(id)).toBe(true);
    expect(id[14]).toBe("7");
    expect(["8", "9", "a", "b"]).toContain(id[19]);
  });

  it("encodes the timestamp so ids sort by creation time", () => {
    let now = 1_700_000_000_000;
    const next = uuidv7Generator(() => now, zeros);
    const earlier = next();
    now += 1;
    const later = next();
    expect(earlier < later).toBe(true);
    expect(earlier.startsWith("018bcfe5-6800-7000")).toBe(true);
  });

  it("differs between calls in the same millisecond and keeps their order", () => {
    const next = uuidv7Generator(() => 42);
    const ids = Array.from({ length: 5000 }, () => next());
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
    expect(ids.every(isUuid)).toBe(true);
  });

  it("does not reorder ids when the clock steps back", () => {
    let now = 2_000;
    const next = uuidv7Generator(() => now, zeros);
    const first = next();
    now = 1_000;
    expect(next() > first).toBe(true);
  });
});
