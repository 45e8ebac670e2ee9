import { describe, expect, it } from "vitest";
import { progressBar } from "./progress.ts";

function stream(isTTY: boolean) {
  const written: string[] = [];
  return {
    written,
    stream: { isTTY, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream,
  };
}

describe("progressBar", () => {
  it("draws the share and the position within the current pass on a terminal", () => {
    const { written, stream: out } = stream(true);
    const bar = progressBar(out);
    bar.update(3 * 1_048_576, 20 * 1_048_576);
    bar.update(20 * 1_048_576, 20 * 1_048_576);
    bar.finish();
    expect(written[0]).toMatch(/^\rImporting \[#{5}\.{25}\] {2}15% pass 1\/2 3\/10 MB/);
    expect(written[1]).toMatch(/\[#{30}\] 100% pass 2\/2 10\/10 MB/);
    expect(written[2]).toBe("\n");
  });

  it("writes nothing when standard error is not a terminal", () => {
    const { written, stream: out } = stream(false);
    const bar = progressBar(out);
    bar.update(1, 2);
    bar.finish();
    expect(written).toEqual([]);
  });
});
