/* The community page's charts: data from the page's JSON block (no inline script, so the
   Content-Security-Policy allows only these files). */
(function () {
  "use strict";
  var block = document.getElementById("chart-data");
  if (!block || typeof echarts === "undefined") { return; }
  var data = JSON.parse(block.textContent);
  var trend = document.getElementById("trend-chart");
  if (trend) {
    echarts.init(trend, null, { renderer: "canvas" }).setOption({
      animation: false,
      tooltip: { trigger: "axis" },
      legend: { top: 4 },
      grid: { top: 64, left: 40, right: 16, bottom: 28 },
      xAxis: { type: "category", data: data.months },
      yAxis: { type: "value", minInterval: 1 },
      series: data.series.map(function (s) {
        return { name: s.name, type: "line", data: s.data, smooth: false, symbolSize: 5 };
      })
    });
  }
  var areas = document.getElementById("areas-chart");
  if (areas) {
    echarts.init(areas, null, { renderer: "canvas" }).setOption({
      animation: false,
      title: { text: data.areas_title, textStyle: { fontSize: 14 } },
      tooltip: {},
      grid: { top: 40, left: 40, right: 16, bottom: data.rotate ? 80 : 40 },
      xAxis: { type: "category", data: data.areas, axisLabel: { interval: 0, rotate: data.rotate } },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: data.area_counts, itemStyle: { color: "#d64545" } }]
    });
  }
  document.documentElement.setAttribute("data-charts", "drawn");
}());
