/**
 * Every text exists in German and in English: the same keys in both catalogues of every namespace,
 * and no empty text.
 */
import { describe, expect, it } from "vitest";

const catalogues = import.meta.glob<Record<string, unknown>>("./*/*.json", {
  eager: true,
  import: "default",
});

function keysOf(value: unknown, prefix = ""): string[] {
  if (typeof value === "string") return [value.trim() === "" ? `${prefix} (empty)` : prefix];
  return Object.entries(value as Record<string, unknown>).flatMap(([key, child]) =>
    keysOf(child, prefix ? `${prefix}.${key}` : key),
  );
}

const namespaces = [
  ...new Set(Object.keys(catalogues).map((file) => file.split("/")[2]?.replace(/\.json$/, ""))),
];

describe.each(namespaces)("the %s texts", (namespace) => {
  it("have the same keys in German and English, none empty", () => {
    const german = keysOf(catalogues[`./de/${namespace}.json`] ?? {}).sort();
    const english = keysOf(catalogues[`./en/${namespace}.json`] ?? {}).sort();
    expect(german.length).toBeGreaterThan(0);
    expect(english).toEqual(german);
    expect(german.filter((key) => key.endsWith("(empty)"))).toEqual([]);
  });
});
