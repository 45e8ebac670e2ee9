import { useTranslation } from "react-i18next";
import { isLanguage } from "../../i18n";
import type { Language } from "../../lib/format";

/** The language formats follow; read from i18next's state so a switch re-renders the figures. */
export function useLanguage(): Language {
  const { i18n } = useTranslation();
  return isLanguage(i18n.language) ? i18n.language : "de";
}
