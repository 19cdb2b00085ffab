// Draws the statistics charts from the JSON embedded in the page; the tables stay the accessible source.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("chart-data").textContent);
  if (!window.echarts) { return; }
  var large = document.documentElement.classList.contains("elderly");
  var fontSize = large ? 16 : 12;
  var types = echarts.init(document.getElementById("chart-types"));
  types.setOption({
    tooltip: { trigger: "item" },
    textStyle: { fontSize: fontSize },
    series: [{ type: "pie", radius: ["35%", "65%"], data: data.types, label: { formatter: "{b}\n{c}", fontSize: fontSize } }]
  });
  var depts = data.departments.slice().reverse();
  var deptChart = echarts.init(document.getElementById("chart-departments"));
  deptChart.setOption({
    tooltip: { trigger: "axis" },
    legend: { data: ["事项数", "可网办"], textStyle: { fontSize: fontSize } },
    grid: { left: 10, right: 20, top: 30, bottom: 10, containLabel: true },
    xAxis: { type: "value" },
    yAxis: { type: "category", data: depts.map(function (d) { return d.name; }), axisLabel: { fontSize: fontSize } },
    series: [
      { name: "事项数", type: "bar", data: depts.map(function (d) { return d.total; }), itemStyle: { color: "#1d4ed8" } },
      { name: "可网上申请", type: "bar", data: depts.map(function (d) { return d.online; }), itemStyle: { color: "#15803d" } }
    ]
  });
  window.addEventListener("resize", function () { types.resize(); deptChart.resize(); });
})();
