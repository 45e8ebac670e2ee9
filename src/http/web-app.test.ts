import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import Fastify from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerProblemHandlers } from "./problem.ts";
import { registerWebApp } from "./web-app.ts";

const build = mkdtempSync(path.join(tmpdir(), "nadoo-web-build-"));
const noBuild = mkdtempSync(path.join(tmpdir(), "nadoo-no-build-"));
const app = Fastify();

beforeAll(async () => {
  mkdirSync(path.join(build, "assets"), { recursive: true });
  mkdirSync(path.join(build, ".vite"), { recursive: true });
  writeFileSync(
    path.join(build, "index.html"),
    `<!doctype html><title>OS</title>${"<!-- padding -->".repeat(100)}`,
  );
  const script = "console.log('app');".repeat(100);
  writeFileSync(path.join(build, "assets", "index-abc123.js"), script);
  // The build writes the compressed forms beside the file (web/vite.config.ts).
  writeFileSync(path.join(build, "assets", "index-abc123.js.gz"), gzipSync(script));
  writeFileSync(path.join(build, "sw.js"), "self.addEventListener('fetch', () => {});");
  writeFileSync(path.join(build, ".vite", "manifest.json"), "{}");
  writeFileSync(path.join(build, ".source-hash"), "abc");
  registerProblemHandlers(app);
  registerWebApp(app, ["/os", "/staff"], build);
  registerWebApp(app, ["/empty"], noBuild);
  await app.ready();
});

afterAll(async () => {
  await app.close();
  rmSync(build, { recursive: true, force: true });
  rmSync(noBuild, { recursive: true, force: true });
});

describe("the web app under /os/", () => {
  it("serves hashed assets for a year, compressed when the browser takes it", async () => {
    const response = await app.inject({
      url: "/os/assets/index-abc123.js",
      headers: { "accept-encoding": "gzip" },
    });
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(response.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(response.headers["content-encoding"]).toBe("gzip");
    expect(gunzipSync(response.rawPayload).toString()).toContain("console.log('app');");
  });

  it("answers every page of the app with index.html, revalidated", async () => {
    for (const url of ["/os/", "/os/c/123/executions", "/os/login?next=%2Fos%2F"]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(200);
      expect(response.headers["content-type"]).toBe("text/html; charset=utf-8");
      expect(response.headers["cache-control"]).toBe("no-cache");
      expect(response.body).toContain("<title>OS</title>");
    }
  });

  it("serves the same app as the staff console under /staff/", async () => {
    for (const url of ["/staff/", "/staff/customers/123", "/staff"]) {
      const response = await app.inject({ url });
      if (url === "/staff") {
        expect(response.statusCode).toBe(302);
        expect(response.headers.location).toBe("/staff/");
        continue;
      }
      expect(response.statusCode, url).toBe(200);
      expect(response.body).toContain("<title>OS</title>");
    }
  });

  it("answers a missing file with 404, not with the page", async () => {
    for (const url of ["/os/assets/gone-123.js", "/os/missing.png"]) {
      const response = await app.inject({ url });
      expect(response.statusCode, url).toBe(404);
      expect(response.headers["cache-control"]).toBe("no-store");
    }
  });

  it("keeps the build's own records and anything outside the build private", async () => {
    for (const url of [
      "/os/.vite/manifest.json",
      "/os/.source-hash",
      "/os/../package.json",
      "/os/%2e%2e/package.json",
    ]) {
      const response = await app.inject({ url });
      expect(response.body, url).not.toBe("{}");
      expect(response.body, url).not.toBe("abc");
      expect(response.body, url).not.toContain('"name": "nadoo"');
    }
  });

  it("redirects /os to /os/ with its query", async () => {
    const response = await app.inject({ url: "/os?lang=en" });
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe("/os/?lang=en");
  });

  it("says how to build when there is no build", async () => {
    const response = await app.inject({ url: "/empty/" });
    expect(response.statusCode).toBe(503);
    expect(response.json().detail).toContain("npm run build:web");
  });
});
