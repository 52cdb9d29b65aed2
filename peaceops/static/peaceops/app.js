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
