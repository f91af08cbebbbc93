/* 现场执法 service worker (scope {{ shell }}): the shell and its static files from the cache, the officer's bundle
   network-first with the cached copy when offline. Submissions are never cached: the page queues them itself. */
"use strict";
const VERSION = "{{ version }}";
const PRECACHE = {{ precache_json|safe }};
const SHELL = "{{ shell }}";
const BUNDLE = "{{ bundle }}";

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(VERSION).then((cache) =>
      Promise.all(PRECACHE.map((url) => cache.add(new Request(url, { credentials: "same-origin" })).catch(() => null)))
    ).then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith("fazhi-field-") && k !== VERSION).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request, key) {
  const cache = await caches.open(VERSION);
  try {
    const response = await fetch(request);
    if (response.ok && !response.redirected) await cache.put(key || request, response.clone());
    return response;
  } catch (err) {
    const hit = await cache.match(key || request, { ignoreSearch: !key });
    if (hit) return hit;
    throw err;
  }
}

async function cacheFirst(request) {
  const cache = await caches.open(VERSION);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  if (response.ok) await cache.put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate" && url.pathname === SHELL) {
    event.respondWith(networkFirst(request, SHELL));
  } else if (url.pathname === BUNDLE) {
    event.respondWith(networkFirst(request, BUNDLE + url.search));
  } else if (PRECACHE.includes(url.pathname) || url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  }
});
