// newsgraph reading room: small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // On an article, hovering a quote lights up its speaker mention, and the other way round.
  // data-q / data-sq hold space-separated quote ids (a piece may belong to nested quotes).
  function ids(el) {
    return ((el.getAttribute("data-q") || "") + " " + (el.getAttribute("data-sq") || "")).split(/\s+/).filter(Boolean);
  }
  function light(el, on) {
    ids(el).forEach(function (id) {
      if (!/^\d+$/.test(id)) return;
      document.querySelectorAll('[data-q~="' + id + '"], [data-sq~="' + id + '"]').forEach(function (x) {
        x.classList.toggle("hot", on);
      });
    });
  }
  function target(e) { return e.target.closest && e.target.closest("[data-q], [data-sq]"); }
  document.addEventListener("mouseover", function (e) { var el = target(e); if (el) light(el, true); });
  document.addEventListener("mouseout", function (e) { var el = target(e); if (el) light(el, false); });
})();
