/**
 * Minimal server-rendered HTML: escaping, and one page shell whose scripts are files (the CSP allows
 * no inline script). Data for a page's script travels in a non-executable JSON block.
 */
import type { Language } from "../lib/i18n.ts";

const ESCAPES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (character) => ESCAPES[character] ?? character);
}

/** JSON that is safe inside `<script type="application/json">` (no `</script>` breaks out). */
function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

export interface PageShell {
  language: Language;
  title: string;
  /** Trusted HTML: callers escape every value they put in. */
  body: string;
  /** Absolute paths of script files, loaded in order at the end of the body. */
  scripts?: string[];
  data?: unknown;
}

const STYLE = `
:root { color-scheme: light; font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; }
body { margin: 0; min-height: 100vh; display: grid; place-items: center; background: #f3f5f8; color: #1b2330; }
main { box-sizing: border-box; width: min(100% - 2rem, 28rem); margin: 2rem auto; padding: 2rem;
  background: #fff; border-radius: 12px; box-shadow: 0 2px 12px rgb(0 0 0 / 8%); }
h1 { margin: 0 0 1rem; font-size: 1.5rem; }
label { display: block; font-weight: 600; margin: 1rem 0 .25rem; }
input { box-sizing: border-box; width: 100%; padding: .6rem .7rem; font-size: 1rem; border: 1px solid #b8c0cc; border-radius: 6px; }
button { width: 100%; margin-top: 1rem; padding: .7rem; font-size: 1rem; font-weight: 600; border: 0; border-radius: 6px;
  background: #1f5eff; color: #fff; cursor: pointer; }
button.secondary { background: #e7ecf5; color: #1b2330; }
button:disabled { opacity: .6; cursor: progress; }
button:focus-visible, input:focus-visible, a:focus-visible { outline: 3px solid #ffb000; outline-offset: 2px; }
.hint { color: #5a6475; font-size: .875rem; margin: .25rem 0 0; }
.or { text-align: center; color: #5a6475; margin: 1.25rem 0 0; }
.code { font-family: ui-monospace, monospace; font-size: 1.1rem; letter-spacing: .05em; }
[role="status"]:not(:empty) { margin-top: 1rem; padding: .75rem; border-radius: 6px; background: #e8f4ea; }
[role="status"][data-kind="error"] { background: #fde8e8; color: #8a1c1c; }
footer { margin-top: 1.5rem; font-size: .875rem; text-align: right; }
`;

export function renderPage(page: PageShell): string {
  const scripts = (page.scripts ?? [])
    .map((src) => `<script src="${escapeHtml(src)}" defer></script>`)
    .join("");
  const data =
    page.data === undefined
      ? ""
      : `<script type="application/json" id="page-data">${scriptJson(page.data)}</script>`;
  return `<!doctype html>
<html lang="${page.language}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>${page.body}</main>
${data}${scripts}
</body>
</html>`;
}
