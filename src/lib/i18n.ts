/**
 * The languages NADOO speaks: German first, English second. The texts themselves live in the web
 * app's i18next catalogues (`web/src/locales`); the server renders no pages of its own.
 */
export const LANGUAGES = ["de", "en"] as const;
export type Language = (typeof LANGUAGES)[number];

export function isLanguage(value: unknown): value is Language {
  return value === "de" || value === "en";
}
