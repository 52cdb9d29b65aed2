// Readiness forms sent by HTMX answer a refused input with 400 and the form with its errors: swap it in
// (htmx leaves 4xx answers out by default) for requests from an element marked data-swap-errors.
document.addEventListener("htmx:beforeSwap", function (event) {
  var detail = event.detail;
  var source = detail.requestConfig && detail.requestConfig.elt;
  if (detail.xhr.status === 400 && source && source.closest("[data-swap-errors]")) {
    detail.shouldSwap = true;
    detail.isError = false;
  }
});
// After a swap, put the keyboard on the first field with an error so it is read out and can be fixed.
document.addEventListener("htmx:afterSwap", function (event) {
  var form = event.detail.target;
  if (!form || !form.closest || !form.closest("[data-swap-errors]")) return;
  var bad = form.querySelector(".has-error input, .has-error select, .has-error textarea, .is-invalid");
  if (bad) bad.focus();
});
