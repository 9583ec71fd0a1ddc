// newsgraph timeline: uPlot (from npm, served by this app under /vendor/). Hover shows the month's
// figures in the legend; dragging across the chart lists the quotes and articles of that range
// below it (from /api/quotes and /api/articles). Store text goes into the page as text nodes only.
(function () {
  "use strict";
  var el = document.getElementById("timeline-chart");
  if (!el) return;
  var note = document.getElementById("chart-note");
  if (!window.uPlot) {
    el.hidden = true;
    if (note) {
      note.textContent = "The chart needs uPlot, which `newsgraph serve` fetches from the npm registry on its first start; " +
        "it is not installed. The figures by month are in the table below.";
      note.hidden = false;
    }
    return;
  }
  var uPlot = window.uPlot;
  var data = JSON.parse(el.dataset.series);
  var filt = JSON.parse(el.dataset.filter || "{}");
  var months = data.months;
  var xs = months.map(function (m) { return Date.UTC(+m.slice(0, 4), +m.slice(5, 7) - 1, 15) / 1000; });
  var DAY = 86400;
  function monthOf(ts) { return new Date(ts * 1000).toISOString().slice(0, 7); }
  function labelEvery(width) { return Math.max(1, Math.ceil(months.length * 64 / Math.max(width - 70, 100))); }

  function opts(width) {
    var every = labelEvery(width);
    return {
      width: width, height: 280,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Etc/UTC"); },
      scales: { x: { time: true, range: function () { return [xs[0] - 16 * DAY, xs[xs.length - 1] + 16 * DAY]; } } },
      cursor: { drag: { x: true, y: false, setScale: false }, points: { size: 7 } },
      legend: { live: true },
      series: [
        { label: "month", value: function (u, v) { return v == null ? "–" : monthOf(v); } },
        { label: "quotes", stroke: "#b88a00", fill: "rgba(224, 168, 0, .45)", width: 1,
          paths: uPlot.paths.bars({ size: [0.7, 48] }), points: { show: false },
          value: function (u, v) { return v == null ? "–" : String(v); } },
        { label: "articles", stroke: "#2a5d9f", width: 2, points: { size: 5 },
          value: function (u, v) { return v == null ? "–" : String(v); } },
        { label: "dates mentioned", stroke: "#7a1f5c", width: 1.5, dash: [5, 4], points: { size: 4 },
          value: function (u, v) { return v == null ? "–" : String(v); } }
      ].concat(data.events ? [
        // events per month, by the date the report gives them (else the article's)
        { label: "events", stroke: "#b91c1c", width: 2, dash: [2, 3], points: { size: 5, fill: "#b91c1c" },
          value: function (u, v) { return v == null ? "–" : String(v); } }
      ] : []),
      axes: [
        { space: 40, splits: function () { return xs.filter(function (_, i) { return i % every === 0; }); },
          values: function (u, splits) { return splits.map(monthOf); }, grid: { stroke: "#eef0f2" } },
        { label: "per month", size: 56, grid: { stroke: "#e3e7ec" },
          splits: function (u, ax, min, max) {
            var top = Math.max(1, Math.ceil(max)), step = Math.max(1, Math.ceil(top / 4)), out = [];
            for (var v = 0; v <= top; v += step) out.push(v);
            return out;
          } }
      ],
      hooks: { setSelect: [function (u) { if (u.select.width > 2) pick(u); }] }
    };
  }

  var plot = new uPlot(opts(el.clientWidth || 800),
                       [xs, data.quotes, data.articles, data.dates].concat(data.events ? [data.events] : []), el);
  window.addEventListener("resize", function () { plot.setSize({ width: el.clientWidth, height: 280 }); });

  function pick(u) {
    var a = u.posToVal(u.select.left, "x"), b = u.posToVal(u.select.left + u.select.width, "x");
    // every month whose bar centre is inside the brushed range (at least the nearest one)
    var inside = months.filter(function (m, i) { return xs[i] >= a && xs[i] <= b; });
    if (!inside.length) inside = [months[Math.max(0, Math.min(months.length - 1, u.posToIdx(u.select.left + u.select.width / 2)))]];
    show(inside[0], inside[inside.length - 1]);
  }

  function text(parent, tag, t, cls) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    x.textContent = t;
    parent.appendChild(x);
    return x;
  }

  function params(extra) {
    var q = new URLSearchParams();
    Object.keys(filt).forEach(function (k) { if (filt[k]) q.set(k, filt[k]); });
    Object.keys(extra).forEach(function (k) { q.set(k, extra[k]); });
    return q;
  }

  function show(since, until) {
    var range = document.getElementById("range");
    document.getElementById("range-label").textContent = since + " to " + until;
    range.hidden = false;
    range.dataset.since = since;
    range.dataset.until = until;
    var ql = document.getElementById("range-quotes"), al = document.getElementById("range-articles");
    ql.replaceChildren();
    al.replaceChildren();
    text(ql, "li", "loading…", "meta");
    var u = new URL(window.location.href);
    u.searchParams.delete("month");
    u.searchParams.set("since", since);
    u.searchParams.set("until", until);
    window.history.replaceState(null, "", u.toString());
    var qp = params({ since: since, until: until, limit: 20 });
    var ap = params({ since: since, until: until, limit: 20 });
    ap.delete("speaker");
    Promise.all([fetch("/api/quotes?" + qp).then(function (r) { return r.json(); }),
                 fetch("/api/articles?" + ap).then(function (r) { return r.json(); })]).then(function (res) {
      var quotes = res[0], arts = res[1];
      ql.replaceChildren();
      document.getElementById("range-quotes-total").textContent = quotes.total;
      document.getElementById("range-articles-total").textContent = arts.total;
      (quotes.items || []).forEach(function (q) {
        var li = text(ql, "li", "", "quote-item");
        var bq = text(li, "blockquote", "", "q-" + q.type);
        text(bq, "a", q.content || q.text).href = q.href;
        var meta = text(li, "div", "", "meta");
        if (q.speaker_id != null) text(meta, "a", q.speaker, "who").href = "/speakers/" + q.speaker_id;
        else text(meta, "span", q.speaker || "unattributed", "who");
        text(meta, "span", " " + q.type + " · " + (q.title || q.article_id) + (q.published ? " · " + q.published : "") +
             (q.source ? " · " + q.source : ""));
      });
      if (!quotes.items || !quotes.items.length) text(ql, "li", "No quotes.", "meta");
      (arts.items || []).forEach(function (a) {
        var li = text(al, "li", "");
        text(li, "a", a.title || a.id).href = a.href;
        text(li, "span", " " + (a.published || "") + (a.source ? " · " + a.source : ""), "meta");
      });
      if (!arts.items || !arts.items.length) text(al, "li", "No articles.", "meta");
      range.dataset.loaded = since + ".." + until;
    }).catch(function () { ql.replaceChildren(); text(ql, "li", "could not load the quotes", "meta"); });
  }
  window.newsgraphTimeline = { plot: plot, show: show };
})();
