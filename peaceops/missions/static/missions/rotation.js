// Rotation page: the "new end date" of a move is shown only when the move is an extension. Delegated on
// the document, so rows swapped in by HTMX work too. Without script the field simply stays visible.
(function () {
  var SELECT = ".transition-form select[name=to_status]";
  function sync(select) {
    var form = select.closest("form");
    var date = form && form.querySelector("[data-extension-date]");
    if (date) { date.classList.toggle("end-date-hidden", select.value !== "extended"); }
  }
  function syncAll() { document.querySelectorAll(SELECT).forEach(sync); }
  document.addEventListener("change", function (event) {
    if (event.target.matches(SELECT)) { sync(event.target); }
  });
  document.addEventListener("htmx:afterSwap", syncAll);
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", syncAll); } else { syncAll(); }
})();
