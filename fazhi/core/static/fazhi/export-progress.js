// The export page (core/export.html): polls the export's progress until it is finished, then reloads.
(function () {
  const bar = document.getElementById("export-progress");
  if (!bar) { return; }
  const url = bar.dataset.url;
  function poll() {
    fetch(url).then(r => r.json()).then(function (p) {
      if (p.finished) { window.location.reload(); return; }
      if (p.total) {
        bar.value = Math.round(100 * p.done / p.total);
        document.getElementById("export-count").textContent = p.done + "/" + p.total;
      }
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
