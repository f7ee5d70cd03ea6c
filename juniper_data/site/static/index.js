/* The index: search, filters and sorting over window.JD_CATALOG, rendering only the rows in view.
   State lives in the URL's hash (#q=spiral&tag=golden&sort=rows&dir=desc), so a filtered view can be linked. */
(function () {
  "use strict";
  var ROW = 72, BUFFER = 12;
  var items = (window.JD_CATALOG || { items: [] }).items;
  var today = new Date().toISOString().slice(0, 10);
  var body = document.getElementById("rows");
  var table = document.getElementById("list");
  var count = document.getElementById("count");
  var form = document.getElementById("filters");
  var q = document.getElementById("q");
  var sortSel = document.getElementById("sort");
  var dirSel = document.getElementById("dir");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-filter]"));
  var shown = items, first = -1, last = -1, pending = false;

  items.forEach(function (it) { it.expired = !!it.expires && it.expires < today; });

  function esc(s) {
    return String(s == null ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function link(path) { return encodeURI(path).replace(/#/g, "%23").replace(/\?/g, "%3F"); }
  function num(v) { return Array.isArray(v) ? v[0] : v; }
  function span(v) { return Array.isArray(v) ? (v.length > 1 ? v[0] + "–" + v[v.length - 1] : v[0]) : v; }

  function state() {
    var s = { q: q.value.trim().toLowerCase(), sort: sortSel.value, dir: dirSel.value };
    selects.forEach(function (el) { s[el.dataset.filter] = el.value; });
    return s;
  }
  function keep(it, s, terms) {
    if (s.generator && it.generator !== s.generator) return false;
    if (s.tag && it.tags.indexOf(s.tag) < 0) return false;
    if (s.task_type && it.task_type !== s.task_type) return false;
    if (s.size && it.size !== s.size) return false;
    if (s.expired === "expired" && !it.expired) return false;
    if (s.expired === "current" && it.expired) return false;
    for (var i = 0; i < terms.length; i++) if (it.search.indexOf(terms[i]) < 0) return false;
    return true;
  }
  function compare(key, dir) {
    return function (a, b) {
      var x = key === "name" ? a.name : num(a[key]), y = key === "name" ? b.name : num(b[key]);
      if (x == null && y != null) return 1;  /* no expiry: always last */
      if (y == null && x != null) return -1;
      var c = x < y ? -1 : x > y ? 1 : 0;
      if (!c) c = a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
      return dir === "desc" ? -c : c;
    };
  }

  function rowHtml(it, i) {
    var thumb = it.thumb
      ? '<img src="' + link(it.thumb) + '" width="64" height="64" loading="lazy" alt="Preview of ' + esc(it.name) + '">'
      : '<span class="nothumb" role="img" aria-label="no preview">–</span>';
    var badge = it.kind === "family" ? '<span class="badge">family of ' + it.variants + "</span> " : "";
    var exp = it.expires ? esc(it.expires) + (it.expired ? ' <span class="badge warn">expired</span>' : "") : "never";
    var sub = it.splits ? it.splits.map(function (p) { return p[0] + " " + p[1]; }).join(" · ") : it.axes.join(" × ");
    var rows = it.rows + '<span class="sub">' + esc(sub) + "</span>";
    return '<tr aria-rowindex="' + (i + 2) + '" data-i="' + i + '" class="' + it.kind + '">' +
      '<td class="c-thumb">' + thumb + "</td>" +
      '<td class="c-name"><a href="' + link(it.href) + '" title="' + esc(it.name) + '">' + esc(it.name) + "</a>" +
      '<span class="sub">' + badge + (it.expired ? '<span class="badge warn narrow">expired</span> ' : "") +
      esc(it.description) + "</span></td>" +
      '<td class="c-generator">' + esc(it.generator) + "</td>" +
      '<td class="c-rows">' + rows + "</td>" +
      '<td class="c-task">' + esc(it.task_type) + "</td>" +
      '<td class="c-tags">' + it.tags.map(function (t) { return '<span class="tag">' + esc(t) + "</span>"; }).join(" ") + "</td>" +
      '<td class="c-n_features">' + esc(span(it.n_features)) + "</td>" +
      '<td class="c-n_classes">' + esc(span(it.n_classes)) + "</td>" +
      '<td class="c-expires">' + exp + "</td></tr>";
  }
  function spacer(h) {
    return h > 0 ? '<tr class="spacer" aria-hidden="true"><td colspan="9" style="height:' + h + 'px"></td></tr>' : "";
  }

  function render(force) {
    pending = false;
    var top = body.getBoundingClientRect().top;
    var from = Math.max(0, Math.floor(-top / ROW) - BUFFER);
    var to = Math.min(shown.length, from + Math.ceil(window.innerHeight / ROW) + 2 * BUFFER);
    if (!force && from === first && to === last) return;
    var active = document.activeElement, focusRow = -1;
    if (active && body.contains(active)) focusRow = +active.closest("tr").dataset.i;
    first = from; last = to;
    var html = spacer(from * ROW);
    for (var i = from; i < to; i++) html += rowHtml(shown[i], i);
    body.innerHTML = html + spacer((shown.length - to) * ROW);
    if (focusRow >= from && focusRow < to) {
      var again = body.querySelector('tr[data-i="' + focusRow + '"] a');
      if (again) again.focus({ preventScroll: true });
    }
  }
  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(function () { render(false); }); }
  }

  function apply(writeHash) {
    var s = state();
    var terms = s.q ? s.q.split(/\s+/) : [];
    shown = items.filter(function (it) { return keep(it, s, terms); }).sort(compare(s.sort, s.dir));
    table.setAttribute("aria-rowcount", String(shown.length + 1));
    table.dataset.query = s.q;  /* what the list shows now (tests and tools wait on it) */
    Array.prototype.forEach.call(table.querySelectorAll("th[data-col]"), function (th) {
      if (th.dataset.col === s.sort) th.setAttribute("aria-sort", s.dir === "desc" ? "descending" : "ascending");
      else th.removeAttribute("aria-sort");
    });
    var families = shown.filter(function (it) { return it.kind === "family"; }).length;
    var datasets = shown.length - families;
    count.textContent = datasets + (datasets === 1 ? " dataset and " : " datasets and ") + families +
      (families === 1 ? " family" : " families") + " shown, of " + items.length;
    render(true);
    if (writeHash) saveHash(s);
  }

  function saveHash(s) {
    var p = new URLSearchParams();
    Object.keys(s).forEach(function (k) {
      if (s[k] && !(k === "sort" && s[k] === "name") && !(k === "dir" && s[k] === "asc")) p.set(k, s[k]);
    });
    var h = p.toString();
    try { history.replaceState(null, "", h ? "#" + h : location.pathname + location.search); } catch (e) { /* file:// in some browsers */ }
  }
  function loadHash() {
    var p = new URLSearchParams(location.hash.slice(1));
    q.value = p.get("q") || "";
    sortSel.value = p.get("sort") || "name";
    dirSel.value = p.get("dir") === "desc" ? "desc" : "asc";
    selects.forEach(function (el) {
      var v = p.get(el.dataset.filter) || "";
      el.value = Array.prototype.some.call(el.options, function (o) { return o.value === v; }) ? v : "";
    });
  }

  form.addEventListener("input", function () { apply(true); });
  form.addEventListener("change", function () { apply(true); });
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  form.addEventListener("reset", function () { window.setTimeout(function () { apply(true); }, 0); });
  table.querySelector("thead").addEventListener("click", function (e) {
    var b = e.target.closest("button[data-sort]");
    if (!b) return;
    dirSel.value = sortSel.value === b.dataset.sort && dirSel.value === "asc" ? "desc" : "asc";
    sortSel.value = b.dataset.sort;
    apply(true);
  });
  window.addEventListener("hashchange", function () { loadHash(); apply(false); });
  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("resize", schedule);
  body.addEventListener("focusin", function (e) {
    var tr = e.target.closest("tr");
    if (tr) tr.scrollIntoView({ block: "nearest" });
  });
  loadHash();
  apply(false);
  if (window.performance && performance.mark) performance.mark("jd-index-rendered");  /* benchmarks/bench_site.py */
})();
