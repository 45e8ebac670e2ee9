/**
 * Texts of server-rendered pages in German (default) and English, from `src/i18n/<language>.json`.
 * The web app has its own i18next catalogues; these cover what the server renders itself.
 */
import { readFileSync } from "node:fs";

export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export type Messages = Record<string, string>;

const catalogues: Record<Language, Messages> = {
  de: load("de"),
  en: load("en"),
};

function load(language: Language): Messages {
  return JSON.parse(readFileSync(new URL(`../i18n/${language}.json`, import.meta.url), "utf8")) as Messages;
}

export function isLanguage(value: unknown): value is Language {
  return value === "de" || value === "en";
}

export function messages(language: Language): Messages {
  return catalogues[language];
}

/** The text for `key` with `{name}` placeholders filled in; the key itself when it is missing. */
export function translate(language: Language, key: string, values: Record<string, string> = {}): string {
  const text = catalogues[language][key] ?? catalogues.de[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (placeholder, name: string) => values[name] ?? placeholder);
}

/** The first supported language of an Accept-Language header, by its q-values; German otherwise. */
export function languageFromHeader(header: string | undefined): Language {
  if (!header) return "de";
  const ranked = header
    .split(",")
    .map((part, index) => {
      const [tag = "", ...parameters] = part.trim().split(";");
      const q = parameters.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find(Boolean);
      return { language: tag.trim().toLowerCase().split("-")[0], q: q ? Number(q) : 1, index };
    })
    .filter((entry) => entry.q > 0)
    .sort((a, b) => b.q - a.q || a.index - b.index);
  return ranked.map((entry) => entry.language).find(isLanguage) ?? "de";
}
