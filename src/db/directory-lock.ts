import { readFileSync, unlinkSync, writeFileSync } from "node:fs";

export interface DirectoryLock {
  release(): void;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * A lock file holding the owner's pid. A lock left by a process that no longer runs is taken over,
 * so a crash never blocks the next start.
 */
export function acquireDirectoryLock(file: string): DirectoryLock {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return {
        release: () => {
          try {
            if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
          } catch {
            // Already gone: nothing to release.
          }
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The embedded database is in use by another NADOO process (pid ${owner}). ` +
            "Stop it first, or set DATABASE_URL to share a PostgreSQL server between processes.",
        );
      }
      unlinkSync(file);
    }
  }
  throw new Error(`Cannot take the lock ${file}.`);
}
