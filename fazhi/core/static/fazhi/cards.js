// Loaded at the end of base.html's body (not deferred): the tables are there, htmx is not needed yet.
(function () {
  // On a phone a list table becomes stacked cards: each cell is labelled with its column's header, which app.css
  // shows below 760 px. A table without a header row, or marked data-cards="off", scrolls sideways in itself instead.
  function cardify(table) {
    if (table.dataset.cards === "off" || !table.tHead || !table.tHead.rows.length) { return; }
    var heads = Array.prototype.map.call(table.tHead.rows[0].cells, function (c) { return c.textContent.trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        var col = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          if (cell.colSpan > 1) { cell.classList.add("span"); } else if (heads[col]) { cell.dataset.label = heads[col]; }
          col += cell.colSpan;
        });
      });
    });
    table.classList.add("cards");
  }
  function within(root) {
    var table = root.closest && root.closest("table.list");
    if (table) { cardify(table); return; }
    Array.prototype.forEach.call(root.querySelectorAll("table.list"), cardify);
  }
  within(document.body);
  document.body.addEventListener("htmx:load", function (e) { within(e.detail.elt); });
})();
