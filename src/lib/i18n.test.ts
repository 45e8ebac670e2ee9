import { describe, expect, it } from "vitest";
import { languageFromHeader, messages, translate } from "./i18n.ts";

describe("i18n", () => {
  it("has every text in German and English", () => {
    expect(Object.keys(messages("en")).sort()).toEqual(Object.keys(messages("de")).sort());
    for (const text of [...Object.values(messages("de")), ...Object.values(messages("en"))]) {
      expect(text.trim()).not.toBe("");
    }
  });

  it("fills placeholders and falls back to the key", () => {
    expect(translate("de", "enrol.intro", { name: "Erika" })).toContain("Hallo Erika!");
    expect(translate("en", "error.too_many_requests", { minutes: "3" })).toContain("in 3 minutes");
    expect(translate("en", "no.such.key")).toBe("no.such.key");
  });

  it("picks the preferred supported language from Accept-Language", () => {
    expect(languageFromHeader(undefined)).toBe("de");
    expect(languageFromHeader("en-US,en;q=0.9,de;q=0.8")).toBe("en");
    expect(languageFromHeader("fr-FR, de;q=0.5, en;q=0.7")).toBe("en");
    expect(languageFromHeader("fr")).toBe("de");
    expect(languageFromHeader("en;q=0, de")).toBe("de");
  });
});
