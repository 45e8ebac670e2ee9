/**
 * Builds the web app (`web/` → `web/dist`) unless the last build came from the same sources, then
 * checks the initial JavaScript budget: what the browser must load before the first page shows,
 * gzipped, at most 300 kB (issue "NADOO OS"). Pages are split off and load when they are opened.
 * `npm start` and `npm test` run this; `--force` always builds.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "vite";

const root = path.resolve(import.meta.dirname, "..");
const web = path.join(root, "web");
const output = path.join(web, "dist");
const stamp = path.join(output, ".source-hash");
const INITIAL_JS_BUDGET_BYTES = 300 * 1024;

function sourceFiles(): string[] {
  const below = readdirSync(web, { recursive: true, encoding: "utf8" })
    .filter((name) => !name.startsWith(`dist${path.sep}`) && name !== "dist")
    .map((name) => path.join(web, name))
    .filter((file) => statSync(file).isFile());
  return [...below, path.join(root, "package-lock.json")].sort();
}

function sourceHash(): string {
  const hash = createHash("sha256");
  for (const file of sourceFiles()) hash.update(path.relative(root, file)).update(readFileSync(file));
  return hash.digest("hex");
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/** The entry chunk and every chunk it imports statically: the JavaScript of the first page view. */
export function initialJavaScript(manifest: Record<string, ManifestChunk>): string[] {
  const files = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || files.has(chunk.file)) return;
    files.add(chunk.file);
    for (const imported of chunk.imports ?? []) visit(imported);
  };
  for (const [key, chunk] of Object.entries(manifest)) if (chunk.isEntry) visit(key);
  return [...files];
}

function report(): void {
  const manifest = JSON.parse(readFileSync(path.join(output, ".vite/manifest.json"), "utf8")) as Record<
    string,
    ManifestChunk
  >;
  const files = initialJavaScript(manifest);
  const gzipped = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(path.join(output, file))).length,
    0,
  );
  const kilobytes = (gzipped / 1024).toFixed(1);
  console.log(`web app: initial JavaScript ${kilobytes} kB gzipped in ${files.length} files (budget 300 kB)`);
  if (gzipped > INITIAL_JS_BUDGET_BYTES) {
    console.error("The initial JavaScript is over its budget: split the new code off into a page chunk.");
    process.exit(1);
  }
}

const force = process.argv.includes("--force");
const hash = sourceHash();
if (!force && existsSync(stamp) && readFileSync(stamp, "utf8") === hash) {
  console.log("web app: up to date");
} else {
  await build({ configFile: path.join(web, "vite.config.ts"), logLevel: "warn" });
  writeFileSync(stamp, hash);
}
report();
