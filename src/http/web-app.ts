/**
 * Serves the built web app (NADOO OS, `web/dist`, see `npm run build:web`) under `/os/`. The files
 * are read once at start, with the gzip and brotli forms the build wrote beside them (`name.gz`,
 * `name.br`; web/vite.config.ts), so starting costs no compression; hashed assets are cached for a year, everything else is
 * revalidated. Any other path under `/os/` is a page of the single-page app and gets `index.html`.
 * API responses are never served from here, so nothing personal is cached by browsers or the
 * service worker.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { ServiceUnavailableError } from "../lib/errors.ts";

/** `web/dist`; NADOO_WEB_DIST points elsewhere, so parallel test runs can each use their own build. */
export const WEB_BUILD_DIRECTORY =
  process.env.NADOO_WEB_DIST ?? path.resolve(import.meta.dirname, "../../web/dist");

interface StaticFile {
  type: string;
  cacheControl: string;
  body: Buffer;
  gzip?: Buffer;
  brotli?: Buffer;
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".webmanifest": "application/manifest+json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".png": "image/png",
  ".ico": "image/x-icon",
  ".woff2": "font/woff2",
  ".webp": "image/webp",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".txt": "text/plain; charset=utf-8",
};

/** The files a browser may load: not the build's own records (`.vite/manifest.json`, `.source-hash`). */
function filesBelow(directory: string): string[] {
  return readdirSync(directory, { recursive: true, encoding: "utf8" }).filter(
    (name) =>
      !name.split(path.sep).some((part) => part.startsWith(".")) &&
      statSync(path.join(directory, name)).isFile(),
  );
}

/** Every file of a build, by its URL path below the mount point (`assets/index-abc.js`). */
export function loadBuild(directory: string): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const names = new Set(filesBelow(directory));
  const compressed = (name: string, suffix: string) =>
    names.has(name + suffix) ? readFileSync(path.join(directory, name + suffix)) : undefined;
  for (const name of names) {
    if (name.endsWith(".gz") || name.endsWith(".br")) continue;
    const urlPath = name.split(path.sep).join("/");
    files.set(urlPath, {
      type: TYPES[path.extname(name)] ?? "application/octet-stream",
      // Vite puts a content hash into every name under assets/; those never change.
      cacheControl: urlPath.startsWith("assets/") ? "public, max-age=31536000, immutable" : "no-cache",
      body: readFileSync(path.join(directory, name)),
      gzip: compressed(name, ".gz"),
      brotli: compressed(name, ".br"),
    });
  }
  return files;
}

function send(request: FastifyRequest, reply: FastifyReply, file: StaticFile) {
  const accepted = String(request.headers["accept-encoding"] ?? "");
  reply
    .header("content-type", file.type)
    .header("cache-control", file.cacheControl)
    .header("vary", "accept-encoding");
  if (file.brotli && /\bbr\b/.test(accepted)) return reply.header("content-encoding", "br").send(file.brotli);
  if (file.gzip && /\bgzip\b/.test(accepted)) return reply.header("content-encoding", "gzip").send(file.gzip);
  return reply.send(file.body);
}

/**
 * Mounts a built single-page app at each of `prefixes` (`/os` for NADOO OS, `/staff` for the staff
 * console): one build in memory, its files and pages under every prefix (the pages name their assets
 * by absolute `/os/` URLs).
 */
export function registerWebApp(
  app: FastifyInstance,
  prefixes: readonly string[],
  directory = WEB_BUILD_DIRECTORY,
): void {
  const files = existsSync(path.join(directory, "index.html")) ? loadBuild(directory) : undefined;
  const hide = { schema: { hide: true } };
  for (const prefix of prefixes) {
    app.get(prefix, hide, async (request, reply) => {
      const query = request.url.indexOf("?");
      return reply.redirect(`${prefix}/${query === -1 ? "" : request.url.slice(query)}`);
    });
    app.get(`${prefix}/*`, hide, async (request, reply) => {
      if (!files) {
        throw new ServiceUnavailableError(
          "The web app is not built. Run `npm run build:web` (npm start does it) and restart the server.",
        );
      }
      const wanted = (request.params as { "*": string })["*"];
      const file = files.get(wanted);
      if (file) return send(request, reply, file);
      // A missing asset is a 404; any other path is a page of the app, routed in the browser.
      if (wanted.startsWith("assets/") || path.extname(wanted)) {
        return reply
          .code(404)
          .header("cache-control", "no-store")
          .type("text/plain; charset=utf-8")
          .send("Not found");
      }
      return send(request, reply, files.get("index.html") as StaticFile);
    });
  }
}
