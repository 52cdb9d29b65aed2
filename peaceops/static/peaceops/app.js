// Small behaviours that need no inline script (the content security policy forbids it).
document.addEventListener("htmx:responseError", function () {
  var main = document.getElementById("main");
  if (main && !document.getElementById("htmx-error")) {
    var alert = document.createElement("div");
    alert.id = "htmx-error";
    alert.className = "alert alert-warning";
    alert.setAttribute("role", "alert");
    alert.textContent = document.documentElement.lang === "vi"
      ? "Không tải được dữ liệu. Vui lòng thử lại."
      : "The data could not be loaded. Please try again.";
    main.prepend(alert);
  }
});

// A panel that adds to the page (data-merge="raise") may only raise the marking banners: the higher
// level and the union of compartments of what was on screen and what the panel brings.
document.addEventListener("htmx:oobBeforeSwap", function (event) {
  var target = event.detail.target;
  var incoming = event.detail.fragment && event.detail.fragment.firstElementChild;
  if (!target || !incoming || !target.classList.contains("marking-banner") || incoming.dataset.merge !== "raise") {
    return;
  }
  var words = function (text) { return (text || "").split(" ").filter(Boolean); };
  var high = Number(incoming.dataset.rank || 0) > Number(target.dataset.rank || 0) ? incoming : target;
  var compartments = words(target.dataset.compartments).concat(words(incoming.dataset.compartments))
    .filter(function (c, i, all) { return all.indexOf(c) === i; }).sort();
  incoming.className = high.className;
  incoming.dataset.rank = high.dataset.rank || "0";
  incoming.dataset.levelLabel = high.dataset.levelLabel || "";
  if (high.dataset.marking) { incoming.dataset.marking = high.dataset.marking; }
  incoming.dataset.compartments = compartments.join(" ");
  incoming.textContent = [high.dataset.levelLabel].concat(compartments).join(" // ");
});
