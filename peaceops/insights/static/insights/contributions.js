// The contributions chart: reads its data from a JSON script element (no inline script: CSP).
(function () {
  function draw() {
    var source = document.getElementById("chart-data");
    var canvas = document.getElementById("contributions-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var palette = ["#c0392b", "#1f5fa8", "#2e8b57", "#d4a017", "#7b4fa0", "#16a0a0", "#e67e22", "#5d6d7e",
                   "#111111", "#a0522d", "#2c7fb8"];
    var datasets = data.datasets.map(function (set, index) {
      var subject = index === 0;
      // A logarithmic axis has no zero: a month or year without personnel is left as a gap.
      var values = data.log ? set.data.map(function (v) { return v ? v : null; }) : set.data;
      return {
        label: set.label, data: values, spanGaps: false, tension: 0.15,
        borderColor: palette[index % palette.length], backgroundColor: palette[index % palette.length],
        borderWidth: subject ? 3.5 : 1.6, pointRadius: subject ? 2.5 : 0, order: subject ? 0 : 1
      };
    });
    new Chart(canvas, {
      type: "line",
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
        scales: {
          y: data.log
            ? { type: "logarithmic", min: 1, title: { display: true, text: canvas.dataset.yLabel } }
            : { beginAtZero: true, title: { display: true, text: canvas.dataset.yLabel } },
          x: { ticks: { autoSkip: true, maxTicksLimit: 24 } }
        }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
