/* gongkai web pages. File choosers dressed as drop boxes (templates'
 * "drop"): the invisible input covers the box, so clicks and dropped files
 * reach it without script; here the box names the files chosen and lights
 * up while a file is dragged over it. */
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("label.drop"), function (box) {
    var input = box.querySelector('input[type="file"]');
    var list = box.querySelector(".drop-files");
    if (!input || !list) { return; }
    function names() {
      var fs = Array.prototype.map.call(input.files || [], function (f) { return f.name; });
      list.textContent = fs.length === 0 ? "" : fs.length === 1 ? "已选择：" + fs[0] : "已选择 " + fs.length + " 个文件：" + fs.join("、");
    }
    input.addEventListener("change", names);
    ["dragenter", "dragover"].forEach(function (t) { input.addEventListener(t, function () { box.classList.add("over"); }); });
    ["dragleave", "drop"].forEach(function (t) { input.addEventListener(t, function () { box.classList.remove("over"); }); });
    names();
  });
})();

/* Uploads with a progress bar (XMLHttpRequest upload
 * progress) answered by POST /api/uploads; results are written into the
 * page with textContent only. Without JavaScript the form posts to /upload. */
(function () {
  "use strict";
  var form = document.getElementById("upload-form");
  if (!form || !window.XMLHttpRequest || !window.FormData) { return; }
  var bar = document.getElementById("progress-bar");
  var box = document.getElementById("progress");
  var text = document.getElementById("progress-text");
  var out = document.getElementById("results");
  var statusTitle = { loaded: "已导入", partial: "部分导入", unchanged: "未改动（与已导入文件相同）", refused: "已拒收", preview: "待确认（部分导入，尚未导入）" };
  var csrfField = form.querySelector("input[name=csrf]");

  // preview is what a partial import would replace, and the form that
  // confirms it (the page's own, as the server renders it).
  function preview(r) {
    var box = el("div", "preview");
    var x = r.replaces || {};
    var t = "文件中有 " + r.rows_refused + " 行错误；若只导入正确的行，";
    if (x.batch_id) {
      t += "将替换当前生效的第 " + x.batch_id + " 批次（" + x.file + "，" + x.rows_before + " 行" +
        (x.partial_before ? "，本身为部分导入，拒收 " + x.refused_before + " 行" : "") +
        "；" + x.uploader + " 于 " + x.uploaded_at + " 上传），替换后为 " + x.rows_after + " 行";
    } else {
      t += "目前没有生效批次，导入后为 " + x.rows_after + " 行";
    }
    var p = el("p");
    p.appendChild(el("b", null, "尚未导入，数据未作任何改动。"));
    p.appendChild(document.createTextNode(t + "。错误行不会导入，可下载错误标注文件改正后重新上传。"));
    box.appendChild(p);
    if (r.confirm) {
      var f = el("form", "inline confirm");
      f.method = "post";
      f.action = "/upload/confirm";
      [["csrf", csrfField ? csrfField.value : ""], ["token", r.confirm]].forEach(function (kv) {
        var i = el("input");
        i.type = "hidden";
        i.name = kv[0];
        i.value = kv[1];
        f.appendChild(i);
      });
      var b = el("button", "confirm-partial", "确认只导入正确的行");
      b.type = "submit";
      f.appendChild(b);
      box.appendChild(f);
      box.appendChild(document.createTextNode(" "));
      box.appendChild(el("span", "muted", "不确认则不作任何改动。"));
    }
    return box;
  }

  function el(tag, cls, txt) {
    var e = document.createElement(tag);
    if (cls) { e.className = cls; }
    if (txt != null) { e.textContent = String(txt); }
    return e;
  }

  function show(results) {
    out.textContent = "";
    out.appendChild(el("h2", null, "上传结果"));
    results.forEach(function (r) {
      var d = el("div", "result " + r.status);
      var p = el("p");
      var b = el("b", null, r.file);
      p.appendChild(b);
      p.appendChild(document.createTextNode("："));
      p.appendChild(el("span", "status", statusTitle[r.status] || r.status));
      var info = [];
      if (r.kind_title) { info.push(r.kind_title); }
      if (r.unit) { info.push(r.unit); }
      if (r.year) { info.push(r.year + "年"); }
      if (r.batch_id) { info.push("第 " + r.batch_id + " 批次，导入 " + r.rows_loaded + " 行" + (r.rows_stored ? "（按牵头单位计 " + r.rows_stored + " 条）" : "")); }
      if (r.rows_skipped) { info.push("另有 " + r.rows_skipped + " 行不是数据（空行、合计行或表格下方的注释），未导入"); }
      if (info.length) { p.appendChild(document.createTextNode("　" + info.join("　"))); }
      d.appendChild(p);
      if (r.reason) { d.appendChild(el("p", "reason", r.reason)); }
      if (r.status === "preview") {
        d.appendChild(preview(r));
      } else if (r.replaces && r.replaces.batch_id) {
        var x = r.replaces;
        d.appendChild(el("p", "replaced", "替换了原生效的第 " + x.batch_id + " 批次（" + x.file + "，" + x.rows_before + " 行），现为 " + x.rows_after + " 行；原批次保留在上传记录中。"));
      }
      if (r.annotated) {
        var ap = el("p");
        var a = el("a", "annotated", "下载错误标注文件");
        a.href = r.annotated;
        ap.appendChild(a);
        ap.appendChild(document.createTextNode("（错误单元格标红并附批注）"));
        d.appendChild(ap);
      }
      if (r.errors && r.errors.length) {
        var t = el("table", "data errors");
        var hr = el("tr");
        ["工作表", "行", "列", "单元格", "填写的值", "错误原因"].forEach(function (h) { hr.appendChild(el("th", null, h)); });
        t.appendChild(hr);
        r.errors.forEach(function (e) {
          var tr = el("tr");
          [e.sheet, e.row, e.column, e.cell || "", e.value, e.reason].forEach(function (v, i) {
          var td = el("td", i === 1 ? "num" : i === 3 ? "nowrap" : null, v);
          if (i === 0 || i === 4) { td.setAttribute("translate", "no"); }
          tr.appendChild(td);
        });
          t.appendChild(tr);
        });
        d.appendChild(t);
        if (r.errors_truncated) { d.appendChild(el("p", null, "……错误过多，仅列出前若干条")); }
      }
      (r.warnings || []).forEach(function (w) { d.appendChild(el("p", "muted", "提示：" + w)); });
      out.appendChild(d);
    });
    var again = el("p", "muted");
    var link = el("a", null, "刷新本页查看各类台账的最新状态");
    link.href = location.pathname + location.search;
    again.appendChild(link);
    out.appendChild(again);
    out.setAttribute("data-done", String(results.length));
  }

  function fail(msg) {
    out.textContent = "";
    out.appendChild(el("p", "error", msg));
    out.setAttribute("data-done", "error");
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var data = new FormData(form);
    var csrf = data.get("csrf");
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/uploads");
    xhr.setRequestHeader("X-CSRF-Token", csrf);
    xhr.responseType = "json";
    box.hidden = false;
    bar.value = 0;
    text.textContent = "正在上传……";
    out.removeAttribute("data-done");
    var events = 0;
    xhr.upload.onprogress = function (e) {
      bar.setAttribute("data-events", String(++events));
      if (e.lengthComputable) {
        var pct = Math.round(e.loaded / e.total * 100);
        bar.value = pct;
        text.textContent = "已上传 " + pct + "%";
      }
    };
    xhr.upload.onload = function () { bar.value = 100; text.textContent = "上传完成，正在检查和导入……"; };
    xhr.onload = function () {
      box.hidden = true;
      var body = xhr.response;
      if (xhr.status === 200 && Array.isArray(body)) { show(body); return; }
      if (xhr.status === 401) { fail("登录已过期，请重新登录"); return; }
      fail((body && body.error) || ("上传失败（服务器答复代码 " + xhr.status + "），请重试或联系管理员"));
    };
    xhr.onerror = function () { box.hidden = true; fail("网络错误，上传失败，请重试"); };
    xhr.send(data);
  });
})();
