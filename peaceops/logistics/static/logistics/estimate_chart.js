// The cost estimate's chart: national cost and UN reimbursement by month (bars), the cumulative cash gap
// (line). Data from a JSON script element (no inline script: CSP).
(function () {
  function draw() {
    var source = document.getElementById("estimate-chart-data");
    var canvas = document.getElementById("estimate-chart");
    if (!source || !canvas || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    var num = function (values) { return values.map(function (v) { return Number(v); }); };
    new Chart(canvas, {
      data: {
        labels: data.labels,
        datasets: [
          { type: "bar", label: data.names.national, data: num(data.national), backgroundColor: "#c0392b", order: 2 },
          { type: "bar", label: data.names.reimbursement, data: num(data.reimbursement), backgroundColor: "#9db8dc", order: 3 },
          { type: "bar", label: data.names.received, data: num(data.received), backgroundColor: "#1f5fa8", order: 4 },
          { type: "line", label: data.names.gap, data: num(data.gap), borderColor: "#d4a017", backgroundColor: "#d4a017",
            borderWidth: 3, pointRadius: 2, tension: 0.1, order: 1 }
        ]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        plugins: { legend: { position: "bottom", labels: { boxWidth: 14 } } },
        scales: { y: { title: { display: true, text: data.currency } }, x: { ticks: { autoSkip: true, maxTicksLimit: 24 } } }
      }
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", draw); } else { draw(); }
})();
