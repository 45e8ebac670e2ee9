/**
 * Every text exists in German and in English: the same keys in both catalogues of every namespace,
 * and no empty text.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const directory = import.meta.dirname;

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") {
    if (value.trim() === "") return [`${prefix} (empty)`];
    return [prefix];
  }
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key),
  );
}

function catalogue(language: string, namespace: string): unknown {
  return JSON.parse(readFileSync(path.join(directory, language, `${namespace}.json`), "utf8"));
}

const namespaces = [
  ...new Set(["de", "en"].flatMap((language) => readdirSync(path.join(directory, language)))),
].map((file) => file.replace(/\.json$/, ""));

describe.each(namespaces)("the %s texts", (namespace) => {
  it("have the same keys in German and English, none empty", () => {
    const german = keysOf(catalogue("de", namespace)).sort();
    const english = keysOf(catalogue("en", namespace)).sort();
    expect(english).toEqual(german);
    expect(german.filter((key) => key.endsWith("(empty)"))).toEqual([]);
  });
});
