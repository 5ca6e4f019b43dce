/* Xúc Tiến charts: draws every element with data-chart="<id of a json_script>".
 *
 * The JSON comes from programmes/exports.py:chart_series — labels in the reader's language,
 * and points as [year, "decimal string", ...]: actual [year, value, provisional],
 * path [year, value], targets and revised [year, value, start_year], projection [[y0, v0], [y1, v1]].
 * Colours are read from the stylesheet's variables so the chart and the badges agree.
 * data-chart-size="small" draws the dashboard's compact version (a small legend, fewer labels).
 * A series of one year gets a year either side, so its axis never starts at year 0 or 1000.
 *
 * Any other app may pass a complete ECharts option instead (an object with "series", as
 * investments/charts.py builds): it is drawn as given, its value axes and tooltips in the
 * page's number format (1.000,5 in Vietnamese, as in the tables).
 */
(function () {
  "use strict";

  var lang = document.documentElement.lang === "en" ? "en-US" : "vi-VN";
  var formatter = new Intl.NumberFormat(lang, { maximumFractionDigits: 2 });

  function cssVar(name, fallback) {
    var value = getComputedStyle(document.documentElement).getPropertyValue(name).trim();
    return value || fallback;
  }

  function colours() {
    return {
      actual: cssVar("--primary", "#0b4f8a"),
      path: cssVar("--muted", "#586271"),
      target: cssVar("--status-achieved", "#17603a"),
      revised: cssVar("--line-strong", "#b4bcc7"),
      projection: cssVar("--status-at_risk", "#7a5200"),
      grid: cssVar("--line", "#d8dce2"),
    };
  }

  function point(p) {
    return [p[0], p[1] === null ? null : Number(p[1])];
  }

  function yearRange(data) {
    var years = [];
    ["actual", "path", "targets", "projection", "revised"].forEach(function (key) {
      (data[key] || []).forEach(function (p) { years.push(p[0]); });
    });
    if (!years.length) return null;
    var low = Math.min.apply(null, years), high = Math.max.apply(null, years);
    return low === high ? [low - 1, high + 1] : [low, high];
  }

  function actualSeries(data, c, small) {
    var items = data.actual.map(function (p) {
      var item = { value: point(p) };
      if (p[2]) {
        item.itemStyle = { color: "#fff", borderColor: c.actual, borderWidth: 2, borderType: "dashed" };
        item.provisional = true;
      }
      return item;
    });
    return {
      name: data.labels.actual, type: "line", data: items, z: 4,
      symbol: "circle", symbolSize: small ? 6 : 9, showAllSymbol: true,
      lineStyle: { color: c.actual, width: 2 }, itemStyle: { color: c.actual },
    };
  }

  function series(data, c, small) {
    var list = [
      {
        name: data.labels.path, type: "line", data: data.path.map(point), z: 2,
        symbol: "none", lineStyle: { color: c.path, width: 1.5, type: [6, 3] }, itemStyle: { color: c.path },
      },
      actualSeries(data, c, small),
      {
        name: data.labels.target, type: "scatter", data: data.targets.map(point), z: 5,
        symbol: "diamond", symbolSize: small ? 11 : 15, itemStyle: { color: c.target },
        label: { show: !small, position: "top", color: c.target, fontWeight: "bold",
          formatter: function (p) { return formatter.format(p.value[1]); } },
      },
    ];
    var provisional = data.actual.filter(function (p) { return p[2]; });
    if (provisional.length) {
      list.push({
        name: data.labels.provisional, type: "scatter", data: provisional.map(point), z: 6,
        symbol: "emptyCircle", symbolSize: small ? 6 : 9,
        itemStyle: { color: c.actual, borderColor: c.actual, borderWidth: 2, borderType: "dashed" },
      });
    }
    if (data.projection && data.projection.length) {
      list.push({
        name: data.labels.projection, type: "line", data: data.projection.map(point), z: 3,
        symbol: "emptyTriangle", symbolSize: small ? 6 : 9,
        lineStyle: { color: c.projection, width: 2, type: "dashed" }, itemStyle: { color: c.projection },
      });
    }
    if (data.revised && data.revised.length) {
      list.push({
        name: data.labels.revised, type: "scatter", data: data.revised.map(point), z: 4,
        symbol: "emptyDiamond", symbolSize: 13, itemStyle: { color: c.revised, borderWidth: 2 },
      });
    }
    // A series with no point would only add a legend entry that names nothing drawn.
    return list.filter(function (s) { return s.data.length; });
  }

  // The series' colour dot. ECharts' own marker is a span with a style attribute, which the
  // Content-Security-Policy blocks; an SVG fill is an attribute, not a style.
  function marker(colour) {
    var fill = typeof colour === "string" && /^#[0-9a-fA-F]{3,8}$|^rgba?\([\d., ]+\)$/.test(colour) ? colour : "currentColor";
    return '<svg class="chart-marker" width="10" height="10" aria-hidden="true"><circle cx="5" cy="5" r="5" fill="' + fill + '"></circle></svg> ';
  }

  function tooltip(unit) {
    return {
      trigger: "item",
      formatter: function (p) {
        var value = p.value[1] === null ? "—" : formatter.format(p.value[1]);
        var kind = p.data && p.data.provisional ? " (" + p.seriesName + "*)" : "";
        return marker(p.color) + p.seriesName + kind + "<br>" + p.value[0] + ": <b>" + value + "</b> " + (unit || "");
      },
    };
  }

  function option(data, small) {
    var c = colours();
    var range = yearRange(data) || [0, 1];
    return {
      animation: !small,
      grid: small
        ? { left: 4, right: 16, top: 28, bottom: 40, containLabel: true }
        : { left: 8, right: 28, top: 36, bottom: 64, containLabel: true },
      legend: small
        ? { bottom: 0, itemGap: 8, itemWidth: 14, itemHeight: 8, textStyle: { fontSize: 10 } }
        : { bottom: 0, itemGap: 14 },
      tooltip: tooltip(data.labels.unit),
      xAxis: {
        type: "value", min: range[0], max: range[1], minInterval: 1,
        splitNumber: Math.max(1, Math.min(small ? 4 : 10, range[1] - range[0])),
        axisLabel: { formatter: function (v) { return Number.isInteger(v) ? String(v) : ""; } },
        splitLine: { show: false },
      },
      yAxis: {
        type: "value", scale: true, splitNumber: small ? 3 : 5,
        name: data.labels.unit, nameTextStyle: { align: "left", fontSize: small ? 10 : 12 },
        axisLabel: { formatter: function (v) { return formatter.format(v); } },
        splitLine: { lineStyle: { color: c.grid } },
      },
      series: series(data, c, small),
    };
  }

  function formatNumber(v) {
    return typeof v === "number" ? formatter.format(v) : v;
  }

  /* Value axes and tooltips of a given option in the page's number format. */
  function localise(option) {
    ["xAxis", "yAxis"].forEach(function (key) {
      [].concat(option[key] || []).forEach(function (axis) {
        if (axis.type !== "value") return;
        axis.axisLabel = axis.axisLabel || {};
        if (!axis.axisLabel.formatter) axis.axisLabel.formatter = formatNumber;
      });
    });
    if (option.tooltip && !option.tooltip.valueFormatter) {
      option.tooltip.valueFormatter = formatNumber;
    }
    (option.series || []).forEach(function (s) {
      if (s.label && s.label.show && !s.label.formatter && s.type === "bar") {
        s.label.formatter = function (p) { return formatNumber(p.value); };
      }
    });
    return option;
  }

  function draw(element) {
    if (element.dataset.chartDrawn || !window.echarts) return;
    var script = document.getElementById(element.dataset.chart);
    if (!script) return;
    var data = JSON.parse(script.textContent);
    // A height from the data (rows of a bar chart), set through the DOM: no style attribute.
    if (element.dataset.chartHeight) element.style.height = element.dataset.chartHeight + "px";
    // Options from the server keep ECharts' own tooltip text, drawn as SVG rather than HTML
    // with style attributes (Content-Security-Policy).
    if (data.series && data.tooltip && !Array.isArray(data.tooltip)) data.tooltip.renderMode = "richText";
    var chart = window.echarts.init(element, null, { renderer: "svg" });
    chart.setOption(data.series ? localise(data) : option(data, element.dataset.chartSize === "small"));
    element.dataset.chartDrawn = "true";
    drawn.push(chart);
    chart.on("finished", function () { scalable(element); });
    if (window.ResizeObserver) {
      new ResizeObserver(function () { chart.resize(); }).observe(element);
    }
  }

  /* A viewBox lets the print stylesheet scale a drawn chart to the paper's width, since
     the browser lays out the printed page without asking the chart to redraw. */
  function scalable(element) {
    var svg = element.querySelector("svg");
    if (!svg) return;
    svg.setAttribute("viewBox", "0 0 " + svg.getAttribute("width") + " " + svg.getAttribute("height"));
    svg.setAttribute("preserveAspectRatio", "xMinYMin meet");
  }

  // Printing lays the page out at the paper's width: redraw every chart to fit it.
  var drawn = [];
  function resizeAll() { drawn.forEach(function (chart) { chart.resize(); }); }
  window.addEventListener("beforeprint", resizeAll);
  window.addEventListener("afterprint", resizeAll);

  function drawAll(root) {
    (root || document).querySelectorAll("[data-chart]").forEach(draw);
  }

  drawAll(document);
  document.addEventListener("htmx:load", function (event) { drawAll(event.detail.elt); });
})();
