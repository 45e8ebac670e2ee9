import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, gzipSync } from "node:zlib";
import react from "@vitejs/plugin-react";
import { defineConfig, type Plugin } from "vite";

/**
 * Gives the service worker's cache the build's version. Each build then ships a different
 * `sw.js`, so browsers install it and its `activate` step deletes the caches of older builds;
 * without this, the assets of every build would stay cached for ever.
 */
function versionServiceWorker(): Plugin {
  let outDir = "";
  const files: string[] = [];
  return {
    name: "nadoo-version-service-worker",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    generateBundle(_options, bundle) {
      files.push(...Object.keys(bundle));
    },
    closeBundle() {
      const worker = path.join(outDir, "sw.js");
      const version = createHash("sha256").update(files.sort().join("\n")).digest("hex").slice(0, 12);
      const source = readFileSync(worker, "utf8");
      if (!source.includes("nadoo-os-shell-v1"))
        throw new Error("sw.js no longer names its cache nadoo-os-shell-v1.");
      writeFileSync(worker, source.replace("nadoo-os-shell-v1", `nadoo-os-shell-${version}`));
    },
  };
}

const COMPRESSIBLE = /\.(html|js|css|json|webmanifest|svg|txt)$/;

/**
 * Writes `name.gz` and `name.br` beside every text file of the build over 1 kB. The server sends
 * them as they are (src/http/web-app.ts), instead of compressing the whole build at every start.
 */
function precompress(): Plugin {
  let outDir = "";
  return {
    name: "nadoo-precompress",
    apply: "build",
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    closeBundle() {
      for (const name of readdirSync(outDir, { recursive: true, encoding: "utf8" })) {
        const file = path.join(outDir, name);
        if (!COMPRESSIBLE.test(name) || !statSync(file).isFile()) continue;
        const body = readFileSync(file);
        if (body.length <= 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(body, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(body));
      }
    },
  };
}

/**
 * NADOO OS is served by the product's own server under /os/. In development, `npm run dev:web`
 * serves it with hot reload on port 5173 and passes /api to the server (see the README).
 */
export default defineConfig({
  root: import.meta.dirname,
  base: "/os/",
  // The worker gets its version before the files are compressed.
  plugins: [react(), versionServiceWorker(), precompress()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    manifest: true,
    sourcemap: false,
    chunkSizeWarningLimit: 600,
  },
  server: {
    port: 5173,
    strictPort: true,
    proxy: {
      "/api": { target: process.env.NADOO_API_URL ?? "http://localhost:8000", changeOrigin: false },
    },
  },
});
