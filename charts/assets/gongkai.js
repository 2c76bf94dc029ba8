/* gongkai leadership site: draws every chart of the page from the option
 * objects in <script type="application/json" id="ID-option"> elements
 * (parsed with JSON.parse, never evaluated), attaches the tooltip
 * formatters by chart kind (every name shown is escaped with
 * echarts.format.encodeHTML), and records in <body> how many charts were
 * initialised and drawn and any error, so a headless browser's DOM dump
 * can be checked. No network access: echarts.min.js is a sibling file. */
(function () {
  "use strict";
  var body = document.body;
  var errors = window.gkErrors || [];
  var charts = [];

  function report() {
    var drawn = 0, series = 0;
    charts.forEach(function (c) {
      var opt = c.getOption() || {};
      series += (opt.series || []).length;
      var list = c.getZr().storage.getDisplayList(true);
      if (list && list.length > 0) { drawn++; }
    });
    body.setAttribute("data-charts-rendered", String(charts.length));
    body.setAttribute("data-charts-drawn", String(drawn));
    body.setAttribute("data-series", String(series));
    body.setAttribute("data-errors", String(errors.length));
    var box = document.getElementById("gk-errors");
    if (box) { box.textContent = errors.join("\n"); box.hidden = errors.length === 0; }
  }

  if (typeof echarts === "undefined") {
    errors.push("echarts.min.js 未加载");
    report();
    return;
  }
  var enc = function (s) { return echarts.format.encodeHTML(s == null ? "" : String(s)); };
  var num = function (v, d) { var n = Number(v); return isFinite(n) ? n.toFixed(d) : enc(v); };
  var isItem = function (d) { return d && typeof d === "object" && !Array.isArray(d); };

  var formatters = {
    rank: function (p) {
      if (p.componentType === "markLine") { return enc(p.name) + "：" + num(p.value, 2) + " 分"; }
      var d = p.data;
      if (!isItem(d)) { return ""; }
      var s = "<b>" + enc(d.name) + "</b><br/>第" + enc(d.rank) + "名　" + num(d.value, 2) + " 分　" + enc(d.grade);
      if (d.vetoed) { s += "（一票否决）"; }
      if (d.rankChange != null) {
        var c = Number(d.rankChange);
        s += "<br/>较上年名次" + (c > 0 ? "上升 " + c : c < 0 ? "下降 " + (-c) : "不变");
      }
      return s;
    },
    heatmap: function (p) {
      var d = p.data;
      if (!isItem(d)) { return ""; }
      return "<b>" + enc(d.name) + "</b><br/>" + enc(d.ind) + "<br/>" + num(d.pts, 2) + " / " + num(d.max, 2) + " 分（" + num(d.value[2], 1) + "%）";
    },
    trend: function (ps) {
      if (!Array.isArray(ps) || ps.length === 0) { return ""; }
      var s = enc(ps[0].axisValueLabel), muted = 0;
      ps.forEach(function (p) {
        var d = p.data;
        if (!isItem(d) || d.value === "-" || d.value == null) { return; }
        // Grey lines (units outside the best and worst five) are counted,
        // not listed: forty names would fill the screen.
        if (d.muted) { muted++; return; }
        s += "<br/>" + p.marker + enc(d.name) + "：" + enc(d.value);
      });
      if (muted > 0) { s += "<br/>其余 " + muted + " 个单位（灰色）"; }
      return s;
    },
    pareto: function (ps) {
      if (!Array.isArray(ps) || ps.length === 0) { return ""; }
      var s = "";
      ps.forEach(function (p) {
        var d = p.data;
        if (!isItem(d)) { return; }
        if (p.seriesIndex === 0) {
          s = "<b>" + enc(d.name) + "</b><br/>失分 " + num(d.value, 2) + " 分" + (d.units ? "（" + enc(d.units) + " 个单位）" : "") + s;
        } else {
          s += "<br/>累计占比 " + num(d.value, 1) + "%";
        }
      });
      return s;
    }
  };

  function prepare(kind, option) {
    var f = formatters[kind];
    if (f) {
      option.tooltip = option.tooltip || {};
      option.tooltip.formatter = f;
    }
    return option;
  }

  // merge writes patch over base: objects key by key, arrays item by
  // item, and an object over an array into its first item (as ECharts
  // reads xAxis: {…} for xAxis: [{…}]).
  function merge(base, patch) {
    if (Array.isArray(base) && isItem(patch)) { merge(base[0], patch); return base; }
    Object.keys(patch).forEach(function (k) {
      var p = patch[k], b = base[k];
      if ((isItem(p) || Array.isArray(p)) && (isItem(b) || Array.isArray(b))) { merge(b, p); } else { base[k] = p; }
    });
    return base;
  }

  // forWidth is the option for a chart w px wide: the option's own media
  // rules (package charts' withNarrow: {query: {maxWidth}, option}) are
  // applied here rather than by ECharts, which keeps a rule's changes
  // after the chart grows wide again (a window resized, a screenshot).
  function forWidth(option, w) {
    var o = JSON.parse(JSON.stringify(option));
    var media = o.media || [];
    delete o.media;
    media.forEach(function (m) {
      var q = m.query || {};
      if ((q.maxWidth == null || w <= q.maxWidth) && (q.minWidth == null || w >= q.minWidth)) { merge(o, m.option); }
    });
    return o;
  }

  function narrowKey(option, w) {
    return (option.media || []).map(function (m) { var q = m.query || {}; return (q.maxWidth == null || w <= q.maxWidth) && (q.minWidth == null || w >= q.minWidth); }).join();
  }

  function draw(el, option) {
    var kind = el.getAttribute("data-kind");
    var c = echarts.getInstanceByDom(el) || echarts.init(el, null, { renderer: "canvas" });
    var w = el.clientWidth;
    c.setOption(prepare(kind, forWidth(option, w)), true);
    c.gkOption = option;
    c.gkMedia = narrowKey(option, w);
    return c;
  }

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var els = document.querySelectorAll(".chart[data-kind]");
  Array.prototype.forEach.call(els, function (el) {
    try {
      var option = readJSON(el.id + "-option");
      if (!option) { throw new Error("缺少图表配置 " + el.id); }
      charts.push(draw(el, option));
    } catch (e) {
      errors.push(el.id + "：" + (e && e.message ? e.message : String(e)));
    }
  });

  // The front page's radar: one option per unit, chosen with a <select>.
  var pick = document.getElementById("radar-unit");
  var radarEl = document.getElementById("radar");
  if (pick && radarEl) {
    var radarOptions = readJSON("radar-options") || {};
    pick.addEventListener("change", function () {
      var o = radarOptions[pick.value];
      if (o) {
        try { draw(radarEl, o); } catch (e) { errors.push("radar：" + e.message); report(); }
      }
    });
  }

  window.addEventListener("resize", function () {
    charts.forEach(function (c) {
      var el = c.getDom(), w = el.clientWidth;
      if (c.gkOption && narrowKey(c.gkOption, w) !== c.gkMedia) {
        c.setOption(prepare(el.getAttribute("data-kind"), forWidth(c.gkOption, w)), true);
        c.gkMedia = narrowKey(c.gkOption, w);
      }
      c.resize();
    });
  });

  // #tiptest shows the first tooltip of every chart, so a test can check in
  // the DOM that names in tooltips stay text.
  if (location.hash === "#tiptest") {
    charts.forEach(function (c) {
      var opt = c.getOption();
      (opt.series || []).some(function (s, i) {
        var data = s.data || [];
        for (var k = 0; k < data.length; k++) {
          if (isItem(data[k]) || (typeof data[k] === "number")) {
            c.dispatchAction({ type: "showTip", seriesIndex: i, dataIndex: k });
            return true;
          }
        }
        return false;
      });
    });
  }
  report();
})();
