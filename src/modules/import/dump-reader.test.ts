import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { type DumpRecord, readDump, type SkippedRecord } from "./dump-reader.ts";
import { derivedId, idFor } from "./records.ts";

const directory = mkdtempSync(path.join(tmpdir(), "nadoo-dump-reader-"));
afterAll(() => rmSync(directory, { recursive: true, force: true }));

function file(text: string): string {
  const name = path.join(directory, `${Math.random()}.json`);
  writeFileSync(name, text);
  return name;
}

async function all(name: string, options: Parameters<typeof readDump>[1] = {}) {
  const out: (DumpRecord | SkippedRecord)[] = [];
  for await (const record of readDump(name, options)) out.push(record);
  return out;
}

const tricky = [
  {
    model: "a.b",
    pk: 1,
    fields: { text: 'braces } { and ] [ and "quotes" and \\ backslash', n: [1, { x: 2 }] },
  },
  { model: "nadooit_crm.customer", pk: "5c7a", fields: { name: "Müller & Söhne — 東京 🚀" } },
  { model: "a.b", pk: 3, fields: {} },
];

describe("readDump", () => {
  it.each([1, 2, 3, 7, 64, 1 << 20])("reads records split across chunks of %i bytes", async (size) => {
    const records = await all(file(JSON.stringify(tricky, null, 2)), { highWaterMark: size });
    expect(records).toEqual(tricky.map((record, index) => ({ ...record, index })));
  });

  it("counts skipped models without parsing them and parses the rest", async () => {
    const name = file(JSON.stringify(tricky));
    const records = await all(name, { skip: (model) => model === "a.b", highWaterMark: 5 });
    expect(records).toEqual([
      { model: "a.b", index: 0, skipped: true },
      { ...tricky[1], index: 1 },
      { model: "a.b", index: 2, skipped: true },
    ]);
  });

  it("reads an empty array and reports bytes", async () => {
    const seen: number[] = [];
    expect(await all(file(" [ ] \n"), { onBytes: (bytes) => seen.push(bytes) })).toEqual([]);
    expect(seen).toEqual([6]);
  });

  it.each([
    ["", /empty/],
    ['{"model": "a.b"}', /not a JSON array/],
    ["[1, 2]", /Record 0 of the dump is not an object/],
    ['[{"model": "a.b", "fields": {}} {"model": "a.b"}]', /Record 1 of the dump is not an object/],
    ['[{"model": "a.b", "fields": {}}', /ends before its closing/],
    ['[{"model": "a.b", "fields": {}}] x', /text after its closing/],
    ['[{"model": "ab", "fields": {}}]', /no "model" of the form/],
    ['[{"model": "a.b", "fields": {"x": tru}}]', /Record 0 of the dump is not valid JSON/],
  ])("refuses %j", async (text, message) => {
    await expect(all(file(text))).rejects.toThrow(message);
  });
});

describe("ids of imported rows", () => {
  it("keeps UUID pks (lower case) and derives stable version-5 UUIDs for others", () => {
    expect(idFor("x.y", "9F1C0000-0000-4000-8000-000000000001")).toBe("9f1c0000-0000-4000-8000-000000000001");
    const derived = idFor("nadooit_key.keymanager", 1);
    expect(derived).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idFor("nadooit_key.keymanager", 1)).toBe(derived);
    expect(idFor("nadooit_key.keymanager", 2)).not.toBe(derived);
    expect(idFor("other.model", 1)).not.toBe(derived);
    expect(derivedId("a")).not.toBe(derivedId("b"));
  });
});
