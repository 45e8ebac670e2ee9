/**
 * The sign-in pages, rendered by the server in German or English: `/login`, `/enrol/<token>`,
 * `/account` (who is signed in) and `/logout`. The ceremonies run in `assets/auth-pages.js` with
 * @simplewebauthn/browser against the JSON API. NADOO OS will restyle them. `/` leads here until the
 * public website takes it over.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { Database } from "../../db/connection.ts";
import { escapeHtml, renderPage } from "../../http/html.ts";
import { AppError } from "../../lib/errors.ts";
import { isLanguage, type Language, languageFromHeader, messages, translate } from "../../lib/i18n.ts";
import { formatUserCode } from "../identity/user-code.ts";
import { visitorOf } from "./http-session.ts";
import { inspectEnrolmentLink } from "./login.ts";
import { csrfTokenFor } from "./sessions.ts";
import type { AuthSettings } from "./settings.ts";

export interface AuthPagesOptions {
  db: Database;
  settings: AuthSettings;
}

const require = createRequire(import.meta.url);
const browserBundle = readFileSync(
  path.join(path.dirname(require.resolve("@simplewebauthn/browser")), "../dist/bundle/index.umd.min.js"),
);
const pageScript = readFileSync(new URL("./assets/auth-pages.js", import.meta.url));
const SCRIPTS = ["/assets/auth/simplewebauthn-browser.js", "/assets/auth/auth-pages.js"];

/** Where to go after signing in: a local path only, never another site. */
function safeNext(value: unknown): string {
  return typeof value === "string" && /^\/(?![/\\])[\x21-\x7e]*$/.test(value) ? value : "/account";
}

const pageQuery = z.object({
  lang: z.string().max(8).optional(),
  next: z.string().max(500).optional(),
  signedOut: z.string().max(8).optional(),
});

function languageOf(request: FastifyRequest, query: { lang?: string }): Language {
  if (isLanguage(query.lang)) return query.lang;
  if (request.auth) return request.auth.user.language;
  return languageFromHeader(request.headers["accept-language"]);
}

/** Texts for HTML: translated, placeholders filled, escaped. */
function htmlTexts(language: Language) {
  return (key: string, values?: Record<string, string>) => escapeHtml(translate(language, key, values));
}

function formatDate(language: Language, date: Date): string {
  return new Intl.DateTimeFormat(language === "de" ? "de-DE" : "en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Berlin",
  }).format(date);
}

export const authPages: FastifyPluginAsyncZod<AuthPagesOptions> = async (app, { db, settings }) => {
  const send = (
    reply: FastifyReply,
    language: Language,
    request: FastifyRequest,
    page: { titleKey: string; body: string; data?: Record<string, unknown>; status?: number },
  ) => {
    const t = (key: string) => translate(language, key);
    const other: Language = language === "de" ? "en" : "de";
    const switchUrl = `${request.url.split("?")[0]}?lang=${other}`;
    const body = `${page.body}<footer><a href="${escapeHtml(switchUrl)}" hreflang="${other}" lang="${other}">${htmlTexts(language)("language.switch")}</a></footer>`;
    const html = renderPage({
      language,
      title: `${t(page.titleKey)} – ${t("app.name")}`,
      body,
      scripts: page.data ? SCRIPTS : [],
      data: page.data ? { ...page.data, language, messages: messages(language) } : undefined,
    });
    return reply
      .code(page.status ?? 200)
      .header("cache-control", "no-store")
      .type("text/html; charset=utf-8")
      .send(html);
  };

  const hide = { schema: { hide: true } };

  app.get("/assets/auth/simplewebauthn-browser.js", hide, async (_request, reply) =>
    reply
      .type("text/javascript; charset=utf-8")
      .header("cache-control", "public, max-age=3600")
      .send(browserBundle),
  );
  app.get("/assets/auth/auth-pages.js", hide, async (_request, reply) =>
    reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(pageScript),
  );

  app.get("/", hide, async (request, reply) => reply.redirect(request.auth ? "/account" : "/login"));

  app.get("/login", { schema: { hide: true, querystring: pageQuery } }, async (request, reply) => {
    const language = languageOf(request, request.query);
    const t = htmlTexts(language);
    const body = `
<h1>${t("login.title")}</h1>
<p>${t("login.intro")}</p>
<form id="login-form" novalidate>
  <label for="user-code">${t("login.userCode")}</label>
  <input id="user-code" name="userCode" autocomplete="username webauthn" autocapitalize="characters"
    spellcheck="false" required maxlength="64" aria-describedby="user-code-hint">
  <p class="hint" id="user-code-hint">${t("login.userCodeHint")}</p>
  <button type="submit" id="login-submit">${t("login.submit")}</button>
</form>
<p class="or">${t("login.or")}</p>
<button type="button" class="secondary" id="passkey-login">${t("login.passkey")}</button>
<div role="status" aria-live="polite" id="status"></div>`;
    return send(reply, language, request, {
      titleKey: "login.title",
      body,
      data: {
        page: "login",
        next: safeNext(request.query.next),
        ...(request.query.signedOut ? { notice: "logout.done" } : {}),
      },
    });
  });

  app.get(
    "/enrol/:token",
    { schema: { hide: true, params: z.object({ token: z.string().max(200) }), querystring: pageQuery } },
    async (request, reply) => {
      const language = languageOf(request, request.query);
      const t = htmlTexts(language);
      let link: Awaited<ReturnType<typeof inspectEnrolmentLink>>;
      try {
        link = await inspectEnrolmentLink(db, settings, visitorOf(request, settings), request.params.token);
      } catch (error) {
        if (!(error instanceof AppError)) throw error;
        const retryAfter = error.headers?.["retry-after"];
        if (retryAfter) reply.header("retry-after", retryAfter);
        const message = t(`error.${error.code}`, {
          minutes: String(Math.ceil(Number(retryAfter ?? 60) / 60)),
        });
        return send(reply, language, request, {
          titleKey: "enrol.invalidTitle",
          status: error.status,
          body: `<h1>${t("enrol.invalidTitle")}</h1><p role="alert">${message}</p><p><a href="/login">${t("enrol.toLogin")}</a></p>`,
        });
      }
      const body = `
<h1>${t("enrol.title")}</h1>
<p>${t("enrol.intro", { name: link.user.displayName })}</p>
<p>${t("enrol.userCode")}: <strong class="code" id="enrol-user-code">${escapeHtml(formatUserCode(link.user.code))}</strong></p>
<p class="hint">${t("enrol.expires", { date: formatDate(language, link.link.expiresAt) })}</p>
<form id="enrol-form" novalidate>
  <label for="passkey-name">${t("enrol.name")}</label>
  <input id="passkey-name" name="name" maxlength="100" placeholder="${t("enrol.namePlaceholder")}" autocomplete="off">
  <button type="submit" id="enrol-submit">${t("enrol.submit")}</button>
</form>
<div role="status" aria-live="polite" id="status"></div>`;
      return send(reply, language, request, {
        titleKey: "enrol.title",
        body,
        data: { page: "enrol", enrolmentToken: request.params.token, next: "/account" },
      });
    },
  );

  const signedInPage =
    (page: "account" | "logout") =>
    async (request: FastifyRequest<{ Querystring: z.infer<typeof pageQuery> }>, reply: FastifyReply) => {
      const language = languageOf(request, request.query);
      const auth = request.auth;
      if (!auth) return reply.redirect(`/login?next=${encodeURIComponent(`/${page}`)}`);
      const t = htmlTexts(language);
      const { user, session } = auth;
      const roles = [user.isSuperuser ? t("account.superuser") : user.isStaff ? t("account.staff") : ""]
        .filter(Boolean)
        .map((role) => `<p>${role}</p>`)
        .join("");
      const intro =
        page === "account"
          ? `<h1>${t("account.title")}</h1>
<p id="signed-in-as">${t("account.signedInAs", { name: user.displayName })}</p>
<p>${t("account.userCode")}: <strong class="code" id="user-code">${escapeHtml(formatUserCode(user.code))}</strong></p>
${roles}
<p class="hint">${t("account.sessionEnds", { date: formatDate(language, session.expiresAt) })}</p>`
          : `<h1>${t("logout.title")}</h1><p>${t("logout.question")}</p>`;
      const body = `${intro}
<button type="button" id="logout">${t("logout.submit")}</button>
<button type="button" class="secondary" id="logout-all">${t("logout.all")}</button>
<div role="status" aria-live="polite" id="status"></div>`;
      return send(reply, language, request, {
        titleKey: page === "account" ? "account.title" : "logout.title",
        body,
        data: { page, csrfToken: csrfTokenFor(settings, session) },
      });
    };

  app.get("/account", { schema: { hide: true, querystring: pageQuery } }, signedInPage("account"));
  app.get("/logout", { schema: { hide: true, querystring: pageQuery } }, signedInPage("logout"));
};
