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
// After a swap, put the keyboard on the first field with an error so it is read out and can be fixed
// (an outerHTML swap replaces the form: look in the document, not in the element that was swapped out).
document.addEventListener("htmx:afterSettle", function (event) {
  var source = event.detail.requestConfig && event.detail.requestConfig.elt;
  if (!source || !source.closest || !source.closest("[data-swap-errors]")) return;
  var bad = document.querySelector("[data-swap-errors] .has-error input:not([type=hidden]), " +
                                   "[data-swap-errors] .has-error select, [data-swap-errors] .has-error textarea");
  if (bad) bad.focus();
});
