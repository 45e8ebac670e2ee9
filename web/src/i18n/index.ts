/**
 * i18next with German first and English second. Each page has its own namespace
 * (`locales/<language>/<namespace>.json`), loaded with the page's code, so the first page view only
 * carries the shell's texts. The language comes from the user's profile once signed in, else from
 * the last choice on this device, else the browser.
 */
import i18next, { type BackendModule } from "i18next";
import { initReactI18next } from "react-i18next";
import type { Language } from "../lib/format";

export const LANGUAGES: readonly Language[] = ["de", "en"];
const STORAGE_KEY = "nadoo.language";

const catalogues = import.meta.glob<{ default: Record<string, unknown> }>("../locales/*/*.json");

const lazyCatalogues: BackendModule = {
  type: "backend",
  init() {},
  read(language, namespace, callback) {
    const load = catalogues[`../locales/${language}/${namespace}.json`];
    if (!load) {
      callback(new Error(`No texts for ${language}/${namespace}`), false);
      return;
    }
    load().then(
      (module) => callback(null, module.default),
      (error: Error) => callback(error, false),
    );
  },
};

export function isLanguage(value: unknown): value is Language {
  return value === "de" || value === "en";
}

function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  return navigator.language.toLowerCase().startsWith("en") ? "en" : "de";
}

export async function startI18n(): Promise<typeof i18next> {
  await i18next
    .use(lazyCatalogues)
    .use(initReactI18next)
    .init({
      lng: initialLanguage(),
      fallbackLng: "de",
      supportedLngs: LANGUAGES,
      ns: ["common"],
      defaultNS: "common",
      interpolation: { escapeValue: false },
      react: { useSuspense: true },
      // A text missing from a catalogue shows its key; say so in the console (the browser tests
      // fail on it) instead of letting it pass unnoticed.
      saveMissing: true,
      missingKeyHandler: (languages, namespace, key) => {
        console.warn(`Missing text ${namespace}:${key} (${languages.join(", ")})`);
      },
    });
  document.documentElement.lang = i18next.language;
  return i18next;
}

/** Switches the language of the app and remembers it on this device. */
export async function changeLanguage(language: Language): Promise<void> {
  localStorage.setItem(STORAGE_KEY, language);
  await i18next.changeLanguage(language);
  document.documentElement.lang = language;
}

/**
 * Shows the signed-in user's saved language (from GET /api/auth/me) and remembers it on this
 * device, so the next visit starts in it before the session has loaded.
 */
export async function applyUserLanguage(language: Language): Promise<void> {
  if (currentLanguage() !== language || localStorage.getItem(STORAGE_KEY) !== language) {
    await changeLanguage(language);
  }
}

export function currentLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : "de";
}
