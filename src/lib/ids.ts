import { randomBytes } from "node:crypto";

export type UuidGenerator = () => string;

const POOL_SIZE = 4096;
let pool = Buffer.alloc(0);
let poolOffset = POOL_SIZE;

/** Random bytes from a pool refilled 4 KiB at a time: one system call per ~400 ids, not per id. */
function pooledRandomBytes(size: number): Uint8Array {
  if (poolOffset + size > pool.length) {
    pool = randomBytes(Math.max(POOL_SIZE, size));
    poolOffset = 0;
  }
  const bytes = pool.subarray(poolOffset, poolOffset + size);
  poolOffset += size;
  return bytes;
}

/**
 * UUID version 7 (RFC 9562): 48-bit Unix milliseconds, a 12-bit sequence, then random bits.
 * Time-ordered ids keep B-tree inserts local for append-heavy tables (executions, ledgers, audit
 * log). Within one millisecond the sequence counts up from a random start (RFC 9562 §6.2, method 1),
 * so ids made by one process sort in the order they were made; when it runs out, the time moves on
 * by a millisecond, and a clock that steps back does not reorder them.
 */
export function uuidv7Generator(
  clock: () => number = Date.now,
  random: (size: number) => Uint8Array = pooledRandomBytes,
): UuidGenerator {
  let lastMs = -1;
  let sequence = 0;
  return () => {
    const now = Math.floor(clock());
    const bytes = new Uint8Array(16);
    bytes.set(random(10), 6);
    if (now > lastMs) {
      lastMs = now;
      // A random start in the lower half leaves room to count up within the millisecond.
      sequence = (((bytes[6] ?? 0) & 0x07) << 8) | (bytes[7] ?? 0);
    } else if (sequence < 0xfff) {
      sequence += 1;
    } else {
      lastMs += 1;
      sequence = 0;
    }
    let time = lastMs;
    for (let index = 5; index >= 0; index--) {
      bytes[index] = time % 256;
      time = Math.floor(time / 256);
    }
    bytes[6] = 0x70 | (sequence >> 8);
    bytes[7] = sequence & 0xff;
    bytes[8] = 0x80 | ((bytes[8] ?? 0) & 0x3f);
    const hex = Buffer.from(bytes).toString("hex");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  };
}

/** The process's id generator. */
export const uuidv7: UuidGenerator = uuidv7Generator();

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
