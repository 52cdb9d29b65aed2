// The readiness dashboard's charts: data from a JSON script element (no inline script: CSP).
(function () {
  function bar(canvasId, labels, datasets, options) {
    var canvas = document.getElementById(canvasId);
    if (!canvas) { return; }
    new Chart(canvas, {
      type: "bar",
      data: { labels: labels, datasets: datasets },
      options: Object.assign({
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
        scales: { y: { beginAtZero: true } }
      }, options || {})
    });
  }
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var posts = document.getElementById("posts-chart");
    if (posts) {
      bar("posts-chart", data.posts.labels, [
        { label: posts.dataset.labelEligible, data: data.posts.eligible, backgroundColor: "#1f5fa8" },
        { label: posts.dataset.labelWomen, data: data.posts.women, backgroundColor: "#c0392b" }
      ]);
    }
    var parity = document.getElementById("parity-chart");
    if (parity) {
      bar("parity-chart", data.parity.labels, [
        { label: parity.dataset.labelShare, data: data.parity.share, backgroundColor: "#7b4fa0" },
        { label: parity.dataset.labelTarget, data: data.parity.target, backgroundColor: "#d4a017" }
      ], { scales: { y: { beginAtZero: true, suggestedMax: 35, ticks: { callback: function (v) { return v + "%"; } } } } });
    }
    var expiring = document.getElementById("expiring-chart");
    if (expiring) {
      bar("expiring-chart", data.expiring.labels, [
        { label: expiring.dataset.labelCount, data: data.expiring.count, backgroundColor: "#e67e22" }
      ], { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
    }
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
