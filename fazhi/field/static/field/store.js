/* 现场执法: the device's store — a tiny promise wrapper over IndexedDB, one database per user (a "kv" store for the
   bundle and the device id, the "queue" keyed by client_id) — the ids and CSRF token the sync needs, and the small file helpers of the photos. */
(function () {
  "use strict";

  // One database per user of the device: the next officer to log in on a shared phone neither sees nor syncs the
  // previous officer's queue under his own account.
  const CONFIG = JSON.parse(document.getElementById("field-config").textContent);
  const DB_NAME = `fazhi-field-u${CONFIG.user}`;
  let dbPromise = null;
  function db() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const open = indexedDB.open(DB_NAME, 1);
        open.onupgradeneeded = () => {
          open.result.createObjectStore("kv");
          open.result.createObjectStore("queue", { keyPath: "client_id" });
        };
        open.onsuccess = () => resolve(open.result);
        open.onerror = () => reject(open.error);
      });
    }
    return dbPromise;
  }
  function tx(store, mode, fn) {
    return db().then((d) => new Promise((resolve, reject) => {
      const t = d.transaction(store, mode);
      const req = fn(t.objectStore(store));
      t.oncomplete = () => resolve(req ? req.result : undefined);
      t.onerror = () => reject(t.error);
    }));
  }
  const kvGet = (key) => tx("kv", "readonly", (s) => s.get(key));
  const kvSet = (key, value) => tx("kv", "readwrite", (s) => s.put(value, key));
  const queueAll = () => tx("queue", "readonly", (s) => s.getAll());
  const queuePut = (item) => tx("queue", "readwrite", (s) => s.put(item));

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80;
    const h = Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  }

  function csrf() {
    const m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }

  // --- files: their hash, their time as ISO 8601 with the device's offset, their data URL ---
  function sha256Hex(buffer) {
    return crypto.subtle.digest("SHA-256", buffer).then((h) => Array.from(new Uint8Array(h), (x) => x.toString(16).padStart(2, "0")).join(""));
  }
  function localIso(ms) {
    const d = new Date(ms), off = -d.getTimezoneOffset(), sign = off >= 0 ? "+" : "-", p = (n) => String(Math.abs(n)).padStart(2, "0");
    return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}${sign}${p(Math.trunc(off / 60))}:${p(off % 60)}`;
  }
  function dataUrl(file) {
    return new Promise((resolve, reject) => { const r = new FileReader(); r.onload = () => resolve(r.result); r.onerror = () => reject(r.error); r.readAsDataURL(file); });
  }
  window.fazhiFieldStore = { kvGet, kvSet, queueAll, queuePut, uuid, csrf, sha256Hex, localIso, dataUrl };
})();
