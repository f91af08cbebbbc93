/* Photos and video from the device camera, described on the device before upload (issue 9; 行政处罚法第四十七条).
 *
 * For every <input type="file" data-capture>, on change: the SHA-256 of the file (crypto.subtle, or the vendored
 * js-sha256 where subtle is missing — plain-http intranets — or the file is too big to hash in one piece), the
 * time it was taken (EXIF DateTimeOriginal through the vendored exifr, else file.lastModified) and where (EXIF GPS,
 * else the Geolocation API). The results go into the form's inputs client_sha256, device_taken_at (ISO 8601 with
 * the offset), latitude, longitude and gps_source (hidden inputs are created when missing); the server recomputes
 * the hash and refuses a file that changed on the way. A submit waits until the description is done.
 * window.fazhiCapture.describe(file) -> Promise<{sha256, takenAt, latitude, longitude, gpsSource}> serves the
 * offline client.
 */
(function () {
  "use strict";

  var SUBTLE_MAX = 256 * 1024 * 1024; // crypto.subtle hashes in one piece: read at most this much at once
  var CHUNK = 8 * 1024 * 1024;
  var GEO_TIMEOUT = 8000;

  function hex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    return out;
  }

  function readSlice(blob) {
    if (blob.arrayBuffer) return blob.arrayBuffer();
    return new Promise(function (resolve, reject) {
      var reader = new FileReader();
      reader.onload = function () {
        resolve(reader.result);
      };
      reader.onerror = function () {
        reject(reader.error);
      };
      reader.readAsArrayBuffer(blob);
    });
  }

  function sha256(file) {
    var subtle = window.crypto && window.crypto.subtle;
    if (subtle && file.size <= SUBTLE_MAX) {
      return readSlice(file).then(function (buffer) {
        return subtle.digest("SHA-256", buffer).then(hex);
      });
    }
    if (!window.sha256 || !window.sha256.create) {
      return Promise.reject(new Error("本设备无法计算SHA-256（缺少 crypto.subtle 和 js-sha256）"));
    }
    var hash = window.sha256.create();
    var offset = 0;
    function next() {
      if (offset >= file.size) return Promise.resolve(hash.hex());
      var slice = file.slice(offset, offset + CHUNK);
      offset += CHUNK;
      return readSlice(slice).then(function (buffer) {
        hash.update(buffer);
        return next();
      });
    }
    return next();
  }

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  /* A Date's wall-clock time as ISO 8601 with an offset: 2026-03-02T09:30:05+08:00. The offset is the photo's own
   * (EXIF OffsetTimeOriginal, "+08:00") when it has one, else the device's. */
  function isoLocal(date, exifOffset) {
    var offset = -date.getTimezoneOffset();
    var sign = offset >= 0 ? "+" : "-";
    var abs = Math.abs(offset);
    var zone = /^[+-]\d\d:\d\d$/.test(exifOffset || "") ? exifOffset : sign + pad(Math.floor(abs / 60)) + ":" + pad(abs % 60);
    return (
      date.getFullYear() + "-" + pad(date.getMonth() + 1) + "-" + pad(date.getDate()) +
      "T" + pad(date.getHours()) + ":" + pad(date.getMinutes()) + ":" + pad(date.getSeconds()) + zone
    );
  }

  function exif(file) {
    if (!window.exifr || !/^image\//.test(file.type || "image/")) return Promise.resolve({});
    var tags = window.exifr
      .parse(file, { ifd0: false, exif: true, gps: false }) // the lite build's "pick" fails; read the EXIF block
      .catch(function () {
        return null;
      });
    var gps = window.exifr.gps(file).catch(function () {
      return null;
    });
    return Promise.all([tags, gps]).then(function (found) {
      var t = found[0] || {};
      var g = found[1] || {};
      var taken = t.DateTimeOriginal || t.CreateDate;
      var result = {};
      if (taken instanceof Date && !isNaN(taken.getTime())) {
        result.takenAt = taken;
        result.offset = typeof t.OffsetTimeOriginal === "string" ? t.OffsetTimeOriginal.trim() : "";
      }
      if (typeof g.latitude === "number" && typeof g.longitude === "number" && isFinite(g.latitude) && isFinite(g.longitude)) {
        result.latitude = g.latitude;
        result.longitude = g.longitude;
      }
      return result;
    });
  }

  function geolocation() {
    if (!navigator.geolocation || window.isSecureContext === false) return Promise.resolve(null);
    return new Promise(function (resolve) {
      navigator.geolocation.getCurrentPosition(
        function (position) {
          resolve({ latitude: position.coords.latitude, longitude: position.coords.longitude });
        },
        function () {
          resolve(null);
        },
        { enableHighAccuracy: true, timeout: GEO_TIMEOUT, maximumAge: 60000 }
      );
    });
  }

  function describe(file) {
    return Promise.all([sha256(file), exif(file)]).then(function (results) {
      var info = results[1];
      var out = {
        sha256: results[0],
        takenAt: info.takenAt ? isoLocal(info.takenAt, info.offset) : isoLocal(new Date(file.lastModified || Date.now())),
        latitude: null,
        longitude: null,
        gpsSource: ""
      };
      if (info.latitude !== undefined) {
        out.latitude = info.latitude;
        out.longitude = info.longitude;
        out.gpsSource = "exif";
        return out;
      }
      return geolocation().then(function (position) {
        if (position) {
          out.latitude = position.latitude;
          out.longitude = position.longitude;
          out.gpsSource = "device";
        }
        return out;
      });
    });
  }

  function field(form, input, name) {
    var prefix = input.dataset.capture ? input.dataset.capture + "_" : "";
    var el = form.elements[prefix + name];
    if (!el) {
      el = document.createElement("input");
      el.type = "hidden";
      el.name = prefix + name;
      input.insertAdjacentElement("afterend", el);
    }
    return el;
  }

  function statusLine(input) {
    var next = input.nextElementSibling;
    while (next && next.type === "hidden") next = next.nextElementSibling;
    if (next && next.classList.contains("capture-status")) return next;
    var line = document.createElement("div");
    line.className = "capture-status muted";
    line.setAttribute("aria-live", "polite");
    input.insertAdjacentElement("afterend", line);
    return line;
  }

  function round6(n) {
    return n === null ? "" : String(Math.round(n * 1e6) / 1e6);
  }

  function attach(input) {
    if (input.dataset.captureReady) return;
    input.dataset.captureReady = "1";
    var form = input.form;
    if (!form) return;
    var names = ["client_sha256", "device_taken_at", "latitude", "longitude", "gps_source"];
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      var line = statusLine(input);
      names.forEach(function (n) {
        field(form, input, n).value = "";
      });
      if (!file) {
        line.textContent = "";
        form.fazhiCapturePending = null;
        return;
      }
      line.textContent = "正在计算SHA-256并读取拍摄时间、位置……";
      var pending = describe(file).then(
        function (d) {
          field(form, input, "client_sha256").value = d.sha256;
          field(form, input, "device_taken_at").value = d.takenAt;
          field(form, input, "latitude").value = round6(d.latitude);
          field(form, input, "longitude").value = round6(d.longitude);
          field(form, input, "gps_source").value = d.gpsSource;
          var where = d.gpsSource === "exif" ? "照片EXIF定位" : d.gpsSource === "device" ? "设备定位" : "无定位";
          line.textContent =
            "SHA-256 " + d.sha256.slice(0, 16) + "… · 拍摄时间 " + d.takenAt.replace("T", " ").slice(0, 19) +
            " · " + where + (d.latitude !== null ? " " + round6(d.latitude) + ", " + round6(d.longitude) : "");
          line.dataset.sha256 = d.sha256;
        },
        function (error) {
          line.textContent = "无法在设备上计算文件信息：" + (error && error.message ? error.message : error);
        }
      );
      form.fazhiCapturePending = pending;
    });
    if (!form.dataset.captureSubmit) {
      form.dataset.captureSubmit = "1";
      form.addEventListener("submit", function (event) {
        var pending = form.fazhiCapturePending;
        if (!pending) return;
        event.preventDefault();
        var submitter = event.submitter || null;
        pending.then(function () {
          form.fazhiCapturePending = null;
          // A task later, not a microtask: while the submit event is being dispatched, requestSubmit is ignored.
          setTimeout(function () {
            if (form.requestSubmit) form.requestSubmit(submitter);
            else form.submit();
          }, 0);
        });
      });
    }
  }

  function init(root) {
    var inputs = (root || document).querySelectorAll('input[type="file"][data-capture]');
    for (var i = 0; i < inputs.length; i++) attach(inputs[i]);
  }

  window.fazhiCapture = { describe: describe, sha256: sha256, init: init };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
})();
