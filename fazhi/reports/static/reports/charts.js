// The statistics page's charts (reports/dashboard.html), from its #chart-data JSON; ECharts is loaded before.
document.addEventListener("DOMContentLoaded", function () {
  if (!window.echarts) return;
  const data = JSON.parse(document.getElementById("chart-data").textContent);
  for (const [key, c] of Object.entries(data)) {
    const el = document.getElementById("chart-" + key);
    if (!el || !c.labels.length) continue;
    echarts.init(el).setOption({
      tooltip: {trigger: "axis"}, legend: {data: ["案件数", "罚款金额（元）"]},
      xAxis: {type: "category", data: c.labels},
      yAxis: [{type: "value", name: "件"}, {type: "value", name: "元"}],
      series: [{name: "案件数", type: "bar", data: c.counts},
               {name: "罚款金额（元）", type: "line", yAxisIndex: 1, data: c.fines.map(Number)}]
    });
  }
});
