import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { temporaryDirectory } from "../testing/temporary.ts";
import { acquireDirectoryLock } from "./directory-lock.ts";

function lockFile(): string {
  return path.join(temporaryDirectory("lock"), "pg.lock");
}

/** The pid of a process that has certainly ended. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ["-e", "process.stdout.write(String(process.pid))"]);
  return Number(child.stdout.toString());
}

describe("acquireDirectoryLock", () => {
  it("creates the lock with this pid and removes it on release", () => {
    const file = lockFile();
    const lock = acquireDirectoryLock(file);
    expect(readFileSync(file, "utf8")).toBe(String(process.pid));
    lock.release();
    expect(existsSync(file)).toBe(false);
  });

  it("refuses while another running process holds it, naming the pid and the way out", () => {
    const file = lockFile();
    writeFileSync(file, String(process.ppid));
    expect(() => acquireDirectoryLock(file)).toThrow(
      new RegExp(`in use by another NADOO process \\(pid ${process.ppid}\\).*delete ${file}`),
    );
    expect(readFileSync(file, "utf8")).toBe(String(process.ppid));
  });

  it("takes over a lock left by a process that has ended", () => {
    const file = lockFile();
    writeFileSync(file, String(deadPid()));
    const lock = acquireDirectoryLock(file);
    expect(readFileSync(file, "utf8")).toBe(String(process.pid));
    lock.release();
  });

  it("takes over an unreadable lock", () => {
    const file = lockFile();
    writeFileSync(file, "garbage");
    acquireDirectoryLock(file).release();
    expect(existsSync(file)).toBe(false);
  });

  it("does not remove a lock that another process took after ours", () => {
    const file = lockFile();
    const lock = acquireDirectoryLock(file);
    writeFileSync(file, String(process.ppid));
    lock.release();
    expect(readFileSync(file, "utf8")).toBe(String(process.ppid));
  });
});
