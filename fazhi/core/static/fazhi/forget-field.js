/* On a page seen logged out (the login page, after 退出): delete the field client's caches (its shell and the
   officer's bundle, cached by /field/sw.js), so that nobody opens them offline without logging in. The officer's
   own queue stays in his IndexedDB store (fazhi-field-u<user id>), opened again only by him once logged in, so a
   ticket made offline and not yet sent is never lost. */
(function () {
  "use strict";
  if (!window.caches || !caches.keys) return;
  caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("fazhi-field-")).map((k) => caches.delete(k))))
    .catch(() => null);
})();
