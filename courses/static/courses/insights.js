// Draws the insights page's charts (Chart.js, served from our static files) from the JSON the
// page carries; each chart also has a table on the page for screen readers.
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("insights-data").textContent);
  const dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches;
  const colours = ["#417690", "#79aec8", "#ba2121", "#e0a800", "#5b8c5a"];
  const options = {
    enrolments: { type: "bar" },
    activity: { type: "bar" },
    funnel: { type: "bar", indexAxis: "y" },
    quizzes: { type: "bar", max: 100 },
    missed: { type: "bar", indexAxis: "y" },
    commitments: { type: "bar", stacked: true, colours: ["#5b8c5a", "#ba2121", "#e0a800"] },
    stops: { type: "bar", indexAxis: "y" },
  };
  Chart.defaults.color = dark ? "#ddd" : "#333";
  Object.entries(data).forEach(([name, chart]) => {
    const canvas = document.getElementById("chart-" + name);
    if (!canvas) return;
    const how = options[name] || { type: "bar" };
    const palette = how.colours || colours;
    const datasets = Object.entries(chart.series).map(([label, values], index) => ({
      label: label,
      data: values,
      backgroundColor: palette[index % palette.length],
    }));
    const valueAxis = { beginAtZero: true, stacked: !!how.stacked, ticks: { precision: 0 } };
    if (how.max) valueAxis.max = how.max;
    const labelAxis = { stacked: !!how.stacked, ticks: { autoSkip: false } };
    const horizontal = how.indexAxis === "y";
    new Chart(canvas, {
      type: how.type,
      data: { labels: chart.labels, datasets: datasets },
      options: {
        indexAxis: how.indexAxis || "x",
        maintainAspectRatio: false,
        animation: false,
        plugins: { legend: { display: datasets.length > 1 } },
        scales: horizontal ? { x: valueAxis, y: labelAxis } : { x: labelAxis, y: valueAxis },
      },
    });
  });
})();
