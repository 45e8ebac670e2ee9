import { linkSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";

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

function readOwner(file: string): number | undefined {
  try {
    const owner = Number.parseInt(readFileSync(file, "utf8"), 10);
    return Number.isInteger(owner) ? owner : undefined;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/**
 * A lock file holding the owner's pid, created atomically (a complete file is hard-linked into
 * place, so nobody ever reads a half-written one). A lock left by a process that no longer runs is
 * taken over, so a crash never blocks the next start.
 */
export function acquireDirectoryLock(file: string): DirectoryLock {
  const candidate = `${file}.${process.pid}`;
  writeFileSync(candidate, String(process.pid));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        linkSync(candidate, file);
        return {
          release: () => {
            if (readOwner(file) === process.pid) unlinkSync(file);
          },
        };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      }
      const owner = readOwner(file);
      if (owner !== undefined && owner !== process.pid && isRunning(owner)) {
        throw new Error(
          `The embedded database is in use by another NADOO process (pid ${owner}). Stop it first, or set ` +
            `DATABASE_URL to share a PostgreSQL server between processes. If no NADOO process runs, delete ${file}.`,
        );
      }
      // Stale (its process is gone) or released meanwhile: remove it and try again.
      try {
        unlinkSync(file);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
      }
    }
    throw new Error(`Cannot take the lock ${file}; another process keeps taking it.`);
  } finally {
    unlinkSync(candidate);
  }
}
