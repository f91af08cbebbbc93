// The 打印 button of the print view (documents/print/_base.html): no inline handler, so that the CSP allows it.
(function () {
  var button = document.getElementById("print-button");
  if (button) { button.addEventListener("click", function () { window.print(); }); }
})();
