/*
 * NADOO OS service worker: caches the app's shell (its page and its hashed script, style and icon
 * files) so the app starts fast and offline. It never handles /api/: responses with personal data
 * are never stored here. Pages are network-first; the cached shell answers only when offline.
 */
const SHELL_CACHE = "nadoo-os-shell-v1";
const SHELL = ["/os/", "/os/manifest.webmanifest", "/os/icon.svg", "/os/icon-192.png", "/os/icon-512.png"];

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(names.filter((name) => name !== SHELL_CACHE).map((name) => caches.delete(name))),
      )
      .then(() => self.clients.claim()),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  if (!url.pathname.startsWith("/os/")) return;

  if (url.pathname.startsWith("/os/assets/")) {
    // Hashed names never change: the cache first, the network once.
    event.respondWith(
      caches.open(SHELL_CACHE).then(async (cache) => {
        const cached = await cache.match(request);
        if (cached) return cached;
        const response = await fetch(request);
        if (response.ok) cache.put(request, response.clone());
        return response;
      }),
    );
    return;
  }

  if (request.mode === "navigate") {
    event.respondWith(
      fetch(request)
        .then((response) => {
          if (response.ok) {
            const copy = response.clone();
            caches.open(SHELL_CACHE).then((cache) => cache.put("/os/", copy));
          }
          return response;
        })
        .catch(() => caches.match("/os/").then((cached) => cached ?? Response.error())),
    );
  }
});
