import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { onTestFinished } from "vitest";

/** A new empty directory, removed when the current test finishes. Call it inside a test. */
export function temporaryDirectory(purpose: string): string {
  const directory = mkdtempSync(path.join(tmpdir(), `nadoo-${purpose}-`));
  onTestFinished(() => rmSync(directory, { recursive: true, force: true }));
  return directory;
}
