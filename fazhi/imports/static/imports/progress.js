// The import page (imports/upload.html): polls the run's progress until it is finished, then reloads.
(function () {
  const bar = document.getElementById("import-progress"), status = document.getElementById("import-status");
  if (!bar) { return; }
  const url = bar.dataset.url;
  const labels = {queued: "等待后台任务进程执行", validate: "校验 ", write: "写入 "};
  function poll() {
    fetch(url).then(r => r.json()).then(function (p) {
      if (p.finished) { window.location.reload(); return; }
      if (p.phase === "write") { bar.removeAttribute("value"); }  // one transaction: no count until it commits
      else if (p.total) { bar.value = Math.round(100 * p.done / p.total); }
      status.textContent = (labels[p.phase] || "") + (p.phase === "queued" ? "" : p.phase === "write" ? p.total + "件" : p.done + (p.total ? "/" + p.total : ""));
      setTimeout(poll, 1000);
    }).catch(function () { setTimeout(poll, 3000); });
  }
  poll();
})();
