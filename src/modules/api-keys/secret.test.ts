import { createHash, randomUUID } from "node:crypto";
import { crc32 } from "node:zlib";
import { describe, expect, it } from "vitest";
import {
  BASE62_ALPHABET,
  checksumOf,
  displayPrefixOf,
  encodeBase62,
  generateApiKey,
  hashApiKey,
  isWellFormedApiKey,
  randomBase62,
} from "./secret.ts";

const FORMAT = /^nadoo_[0-9A-Za-z]{38}$/;

/** Bytes from a fixed list, repeated: makes the generator's choices visible. */
function fixedBytes(values: number[]) {
  let position = 0;
  return (size: number) => {
    const bytes = new Uint8Array(size);
    for (let index = 0; index < size; index++) bytes[index] = values[position++ % values.length] ?? 0;
    return bytes;
  };
}

function replaceAt(text: string, index: number, character: string): string {
  return text.slice(0, index) + character + text.slice(index + 1);
}

describe("generateApiKey", () => {
  it("makes nadoo_ + 32 random base62 characters + a 6-character checksum", () => {
    const keys = new Set(Array.from({ length: 200 }, () => generateApiKey()));
    expect(keys.size).toBe(200);
    for (const key of keys) {
      expect(key).toMatch(FORMAT);
      expect(isWellFormedApiKey(key)).toBe(true);
    }
  });

  it("ends with the CRC32 of the body in base62, left-padded to six characters", () => {
    const key = generateApiKey(fixedBytes([0]));
    const body = "0".repeat(32);
    expect(key).toBe(`nadoo_${body}${encodeBase62(crc32(body), 6)}`);
    expect(checksumOf(body)).toHaveLength(6);
    expect(encodeBase62(0, 6)).toBe("000000");
    expect(encodeBase62(61, 6)).toBe("00000z");
    expect(encodeBase62(62, 6)).toBe("000010");
    expect(encodeBase62(2 ** 32 - 1, 6)).toHaveLength(6);
  });
});

describe("randomBase62", () => {
  it("discards bytes from 248 up instead of folding them onto the first characters (no modulo bias)", () => {
    // 248..255 would map to 0..7 with a plain modulo; they must be skipped.
    expect(randomBase62(4, fixedBytes([248, 255, 1, 250, 61, 0, 62]))).toBe("1z00");
    expect(randomBase62(3, fixedBytes([247, 123, 124]))).toBe("zz0");
  });

  it("uses every character about equally often", () => {
    const counts = new Map<string, number>();
    const sample = randomBase62(62 * 400);
    for (const character of sample) counts.set(character, (counts.get(character) ?? 0) + 1);
    expect(counts.size).toBe(62);
    for (const count of counts.values()) expect(count).toBeGreaterThan(250);
  });
});

describe("isWellFormedApiKey", () => {
  it("detects any single changed character of the body or the checksum", () => {
    const key = generateApiKey();
    for (let index = 6; index < key.length; index++) {
      const original = key[index] ?? "";
      const changed = BASE62_ALPHABET[(BASE62_ALPHABET.indexOf(original) + 1) % 62] ?? "0";
      expect(isWellFormedApiKey(replaceAt(key, index, changed)), `position ${index}`).toBe(false);
    }
  });

  it("refuses wrong prefixes, lengths and characters, and legacy UUID keys", () => {
    const key = generateApiKey();
    expect(isWellFormedApiKey(key.replace("nadoo_", "NADOO_"))).toBe(false);
    expect(isWellFormedApiKey(key.slice(0, -1))).toBe(false);
    expect(isWellFormedApiKey(`${key}0`)).toBe(false);
    expect(isWellFormedApiKey(replaceAt(key, 10, "-"))).toBe(false);
    expect(isWellFormedApiKey(` ${key}`)).toBe(false);
    expect(isWellFormedApiKey(randomUUID())).toBe(false);
    expect(isWellFormedApiKey("")).toBe(false);
  });
});

describe("hashApiKey and displayPrefixOf", () => {
  it("hashes with SHA-256 hex of the UTF-8 string", () => {
    const key = generateApiKey();
    expect(hashApiKey(key)).toMatch(/^[0-9a-f]{64}$/);
    expect(hashApiKey(key)).toBe(createHash("sha256").update(key, "utf8").digest("hex"));
    expect(hashApiKey("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  });

  it("hashes a legacy UUID key exactly as the original system's import does", () => {
    const uuid = randomUUID();
    expect(hashApiKey(uuid)).toBe(createHash("sha256").update(uuid).digest("hex"));
  });

  it("shows nadoo_ and four characters of a new key, four characters of a legacy key", () => {
    const key = generateApiKey();
    expect(displayPrefixOf(key)).toBe(key.slice(0, 10));
    expect(displayPrefixOf(key)).toMatch(/^nadoo_[0-9A-Za-z]{4}$/);
    expect(displayPrefixOf("0f3e2d1c-aaaa-4bbb-8ccc-123456789abc")).toBe("0f3e");
  });
});
