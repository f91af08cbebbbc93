/* Handwritten signatures on the screen (issue 9).
 *
 * Every <div class="signature-pad" data-field="NAME" data-label="…"> becomes a canvas that takes a finger, a pen
 * or the mouse (pointer events), with a 清除 button. The PNG data URL of the drawing is kept in the hidden input
 * NAME of the pad's form ("" while the pad is empty). A value already in that input (a refused form shown again)
 * is drawn back on the canvas. window.fazhiSignature.value(el) gives the data URL of a pad (or of the pad inside
 * el); window.fazhiSignature.init(root) turns the pads added later under root into canvases.
 */
(function () {
  "use strict";

  var HEIGHT = 170; // CSS pixels: room for a Chinese name written by hand on a phone
  var MAX_SCALE = 2; // more device pixels only make the PNG bigger, not the signature clearer

  function hiddenInput(pad, name) {
    var form = pad.closest("form");
    var input = form ? form.querySelector('input[type="hidden"][name="' + name + '"]') : null;
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = name;
      pad.appendChild(input);
    }
    return input;
  }

  function setup(pad) {
    if (pad.dataset.ready) return;
    pad.dataset.ready = "1";
    var name = pad.dataset.field;
    var input = hiddenInput(pad, name);
    var label = document.createElement("div");
    label.className = "signature-label";
    label.textContent = pad.dataset.label || "签名";
    var canvas = document.createElement("canvas");
    canvas.className = "signature-canvas";
    canvas.setAttribute("role", "img");
    canvas.setAttribute("aria-label", (pad.dataset.label || "签名") + "（在此手写签名）");
    var bar = document.createElement("div");
    bar.className = "signature-bar";
    var hint = document.createElement("span");
    hint.className = "signature-hint";
    var clear = document.createElement("button");
    clear.type = "button";
    clear.className = "signature-clear";
    clear.textContent = "清除";
    bar.appendChild(hint);
    bar.appendChild(clear);
    pad.insertBefore(bar, pad.firstChild);
    pad.insertBefore(canvas, bar);
    pad.insertBefore(label, canvas);

    var ctx = canvas.getContext("2d");
    var scale = Math.min(window.devicePixelRatio || 1, MAX_SCALE);
    var drawn = false;
    var last = null;

    function size() {
      var width = Math.max(200, Math.floor(pad.clientWidth || 300));
      canvas.style.width = width + "px";
      canvas.style.height = HEIGHT + "px";
      canvas.width = Math.round(width * scale);
      canvas.height = Math.round(HEIGHT * scale);
      ctx.setTransform(scale, 0, 0, scale, 0, 0);
      ctx.lineWidth = 2.5;
      ctx.lineCap = "round";
      ctx.lineJoin = "round";
      ctx.strokeStyle = "#111";
    }

    function status() {
      hint.textContent = drawn ? "已签名" : "请在框内手写签名";
      pad.classList.toggle("signed", drawn);
    }

    function save() {
      input.value = drawn ? canvas.toDataURL("image/png") : "";
      input.dispatchEvent(new Event("change", { bubbles: true }));
      status();
    }

    function point(event) {
      var rect = canvas.getBoundingClientRect();
      return { x: event.clientX - rect.left, y: event.clientY - rect.top };
    }

    canvas.addEventListener("pointerdown", function (event) {
      event.preventDefault();
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      last = point(event);
      ctx.beginPath();
      ctx.arc(last.x, last.y, ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fillStyle = "#111";
      ctx.fill();
      drawn = true;
    });
    canvas.addEventListener("pointermove", function (event) {
      if (!last) return;
      event.preventDefault();
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
      if (!events.length) events = [event];
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      for (var i = 0; i < events.length; i++) {
        last = point(events[i]);
        ctx.lineTo(last.x, last.y);
      }
      ctx.stroke();
    });
    function end() {
      if (!last) return;
      last = null;
      save();
    }
    canvas.addEventListener("pointerup", end);
    canvas.addEventListener("pointercancel", end);
    canvas.addEventListener("pointerleave", end);
    clear.addEventListener("click", function () {
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      drawn = false;
      save();
    });

    size();
    if (input.value && input.value.indexOf("data:image/png;base64,") === 0) {
      var image = new Image();
      image.onload = function () {
        ctx.drawImage(image, 0, 0, canvas.width / scale, canvas.height / scale);
        drawn = true;
        status();
      };
      image.src = input.value;
    }
    status();
    window.addEventListener("resize", function () {
      if (!drawn && Math.floor(pad.clientWidth) !== Math.floor(canvas.width / scale)) size();
    });
    pad.fazhiSignatureValue = function () {
      return input.value;
    };
  }

  function init(root) {
    var pads = (root || document).querySelectorAll(".signature-pad[data-field]");
    for (var i = 0; i < pads.length; i++) setup(pads[i]);
  }

  function value(el) {
    var pad = el && el.classList && el.classList.contains("signature-pad") ? el : el && el.querySelector(".signature-pad");
    return pad && pad.fazhiSignatureValue ? pad.fazhiSignatureValue() : "";
  }

  window.fazhiSignature = { init: init, value: value };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      init(document);
    });
  } else {
    init(document);
  }
})();
