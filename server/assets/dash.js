/* Dashboard drill-down: a click on a unit's bar (or heatmap cell, or
 * line point) opens that unit's page. The charts themselves are drawn by
 * package charts' gongkai.js; unit-links maps full unit names (what the
 * data items carry) to pages. */
(function () {
  "use strict";
  if (typeof echarts === "undefined") { return; }
  var el = document.getElementById("unit-links");
  var links = el ? JSON.parse(el.textContent) : {};
  window.gkDrill = function (name) {
    var href = Object.prototype.hasOwnProperty.call(links, name) ? links[name] : null;
    if (href) { window.location.href = href; }
    return href;
  };
  Array.prototype.forEach.call(document.querySelectorAll(".chart[data-kind]"), function (c) {
    var inst = echarts.getInstanceByDom(c);
    if (!inst) { return; }
    inst.on("click", function (p) {
      var d = p && p.data;
      if (d && typeof d === "object" && d.name) { window.gkDrill(d.name); }
    });
  });
  document.body.setAttribute("data-drill", "ready");
})();
