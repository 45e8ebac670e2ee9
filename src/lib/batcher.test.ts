import { describe, expect, it } from "vitest";
import { Batcher } from "./batcher.ts";

describe("Batcher", () => {
  it("processes calls made while a batch runs together in the next batch, each with its own result", async () => {
    const batches: number[][] = [];
    let release: () => void = () => {};
    const batcher = new Batcher<number, number>(
      async (items) => {
        batches.push(items);
        if (batches.length === 1) await new Promise<void>((resolve) => (release = resolve));
        return items.map((item) =>
          item < 0 ? { ok: false, error: new Error(`bad ${item}`) } : { ok: true, value: item * 2 },
        );
      },
      { maxBatchSize: 10 },
    );
    const first = batcher.submit(1);
    await new Promise((resolve) => setImmediate(resolve));
    const later = [batcher.submit(2), batcher.submit(-3), batcher.submit(4)];
    release();
    expect(await first).toBe(2);
    const settled = await Promise.allSettled(later);
    expect(
      settled.map((result) => (result.status === "fulfilled" ? result.value : String(result.reason))),
    ).toEqual([4, "Error: bad -3", 8]);
    expect(batches).toEqual([[1], [2, -3, 4]]);
  });

  it("never takes more than the largest batch size and fails every item when the batch throws", async () => {
    const sizes: number[] = [];
    const batcher = new Batcher<number, number>(
      async (items) => {
        sizes.push(items.length);
        if (items.includes(13)) throw new Error("unlucky");
        return items.map((value) => ({ ok: true, value }));
      },
      { maxBatchSize: 3 },
    );
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 13, 7].map((item) => batcher.submit(item)));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(sizes.reduce((sum, size) => sum + size, 0)).toBe(7);
    expect(results.filter((result) => result.status === "rejected").length).toBeGreaterThanOrEqual(1);
    expect(results[0]).toEqual({ status: "fulfilled", value: 1 });
    await batcher.drained();
  });
});
