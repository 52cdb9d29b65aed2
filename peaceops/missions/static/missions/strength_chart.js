// Monthly strength returns: stacked bars by category, one stack per gender (data from a JSON script
// element; no inline script under the strict CSP).
(function () {
  var WOMEN = ["#b03a7a", "#d46aa5", "#e9a3c9", "#f4cfe4", "#8e2460"];
  var MEN = ["#1f5fa8", "#4f86c6", "#9db8dc", "#c9daf0", "#12406f"];
  function draw() {
    var source = document.getElementById("strength-chart-data");
    var canvas = document.getElementById("strength-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var seen = { F: 0, M: 0 };
    var datasets = data.datasets.map(function (set) {
      var palette = set.gender === "F" ? WOMEN : MEN;
      var colour = palette[seen[set.gender] % palette.length];
      seen[set.gender] += 1;
      return { label: set.label, data: set.data, stack: set.stack, backgroundColor: colour };
    });
    new Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true,
          title: { display: true, text: canvas.getAttribute("data-y-label") } } }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
