// The menu (base.html): always shown on a wide screen; behind the 菜单 button on a phone. Loaded right after the
// menu, without defer, so that a phone never shows it open. A tap outside the open menu, or Escape, closes it.
(function () {
  var menu = document.getElementById("site-menu"), phone = window.matchMedia("(max-width: 760px)");
  if (!menu) { return; }
  function fit() { menu.open = !phone.matches; }
  fit();
  if (phone.addEventListener) { phone.addEventListener("change", fit); }
  document.addEventListener("click", function (e) { if (phone.matches && menu.open && !menu.contains(e.target)) { menu.open = false; } });
  document.addEventListener("keydown", function (e) { if (phone.matches && e.key === "Escape") { menu.open = false; } });
})();
