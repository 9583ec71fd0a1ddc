// newsgraph places map: Leaflet + Leaflet.markercluster (from npm, served by this app under /vendor/),
// the country outlines as a GeoJSON layer (no tile server). Every text from the store goes into the
// page as a text node, never as HTML.
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el) return;
  var note = document.getElementById("map-note");
  function say(text) { if (note) { note.textContent = text; note.hidden = false; } }
  if (!window.L || !window.L.markerClusterGroup) {
    el.hidden = true;
    say("The interactive map needs Leaflet and Leaflet.markercluster, which `newsgraph serve` fetches from the " +
        "npm registry on its first start; they are not installed (no network then?). The list below works without them.");
    return;
  }
  var L = window.L;
  var form = document.getElementById("map-filter");
  var state = { since: el.dataset.since || "", until: el.dataset.until || "", category: "" };
  var timings = { start: performance.now() };  // when the last load's steps ended (ms after it began)
  var map = L.map(el, { minZoom: 1, maxZoom: 13, worldCopyJump: false, zoomSnap: 1 });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution("Leaflet · outlines: Natural Earth via world-atlas");
  map.setView([30, 20], 2);

  var outline = null;
  fetch(el.dataset.outline).then(function (r) {
    if (!r.ok) throw new Error("no outline");
    return r.json();
  }).then(function (geo) {
    outline = L.geoJSON(geo, { interactive: false, style: { color: "#9c968a", weight: 0.7, fillColor: "#f4f1e8", fillOpacity: 1 } });
    outline.addTo(map);
    outline.bringToBack();
  }).catch(function () { say("Country outlines are not installed (npm package world-atlas, fetched by `newsgraph serve`): markers only."); });

  // one size per place from its mentions; a smaller marker always sits above a larger one, so
  // the marker drawn under the pointer is the one a click opens
  function radius(p, top) { return Math.round(7 + 13 * Math.sqrt(p.mentions / top)); }
  var cluster = L.markerClusterGroup({
    maxClusterRadius: 64, showCoverageOnHover: false, spiderfyOnMaxZoom: true, animate: false,
    // many places are added in slices of 20 ms, so that no frame of the page waits long for the map
    chunkedLoading: true, chunkInterval: 20, chunkDelay: 10,
    chunkProgress: function (done, total) {
      if (done < total || !total) return;  // (adding the group to the map adds nothing: 0 of 0)
      timings.clusters_added = performance.now() - timings.start;
      map.fire("clustersready");
    },
    iconCreateFunction: function (c) {
      var n = c.getChildCount();
      var d = n < 10 ? 30 : n < 100 ? 36 : 44;
      return L.divIcon({ className: "pc", html: String(n), iconSize: [d, d] });
    }
  });
  cluster.addTo(map);
  // one click listener on the group, not one per marker; a marker's element says which place it is
  function onClusterClick(e) { if (e.layer && e.layer.place) openPlace(e.layer); }
  cluster.on("click", onClusterClick);
  var PlaceMarker = L.Marker.extend({
    onAdd: function (m) {
      L.Marker.prototype.onAdd.call(this, m);
      if (this._icon) this._icon.dataset.place = this.place.key;
    }
  });
  var eventsLayer = L.layerGroup();
  var layers = L.control.layers(null, { "Places": cluster }, { collapsed: false }).addTo(map);
  var markers = [];
  var byKey = {};

  function line(parent, tag, text, cls) {
    var x = document.createElement(tag);
    if (cls) x.className = cls;
    x.textContent = text;
    parent.appendChild(x);
    return x;
  }

  function query(extra) {
    var q = new URLSearchParams();
    if (state.since) q.set("since", state.since);
    if (state.until) q.set("until", state.until);
    Object.keys(extra || {}).forEach(function (k) { q.set(k, extra[k]); });
    return q.toString();
  }

  function popupFor(m) {
    var p = m.place;
    var box = document.createElement("div");
    box.className = "popup";
    box.dataset.place = p.key;
    line(box, "h3", p.label);
    var facts = [p.kind, p.country_code || "no country", p.mentions + " mention" + (p.mentions === 1 ? "" : "s"),
                 p.articles + " article" + (p.articles === 1 ? "" : "s")];
    if (p.admin1 && p.kind !== "region" && p.kind !== "country") facts.splice(1, 0, p.admin1);
    line(box, "p", facts.join(" · "), "meta");
    var list = line(box, "ol", "", "popup-quotes");
    var wait = line(list, "li", "quotes…", "meta");
    fetch("/api/quotes?" + query({ place: p.key, limit: 5 })).then(function (r) { return r.json(); }).then(function (page) {
      wait.remove();
      (page.items || []).forEach(function (q) {
        var li = document.createElement("li");
        var a = line(li, "a", "“" + (q.content || q.text) + "”");
        a.href = q.href;
        line(li, "span", " — " + (q.speaker || "unattributed") + (q.published ? ", " + q.published : ""), "meta");
        list.appendChild(li);
      });
      if (!page.items || !page.items.length) line(list, "li", "No quotes in articles naming it.", "meta");
      var more = document.createElement("p");
      var n = page.total || 0;
      var all = line(more, "a", (n === 1 ? "The quote" : "All " + n + " quotes") + " and the articles »");
      all.href = "/places?" + new URLSearchParams({ place: p.key }).toString() + "#selected";
      box.appendChild(more);
      m.getPopup() && m.getPopup().update();
    }).catch(function () { wait.textContent = "could not load the quotes"; });
    return box;
  }

  function openPlace(m) {
    m.unbindPopup();
    m.bindPopup(popupFor(m), { maxWidth: 360, autoPanPadding: [20, 20] }).openPopup();
    el.dataset.open = m.place.key;
  }

  function draw(data, fit) {
    timings.parsed = performance.now() - timings.start;
    if (markers.length > 2000) {  // a new group: emptying a big one costs one long frame
      map.removeLayer(cluster);
      layers.removeLayer(cluster);
      cluster = L.markerClusterGroup(cluster.options);
      cluster.on("click", onClusterClick);
      cluster.addTo(map);
      layers.addOverlay(cluster, "Places");
      window.newsgraphMap.cluster = cluster;
    } else {
      cluster.clearLayers();
    }
    markers = [];
    byKey = {};
    var top = 1;
    data.places.forEach(function (p) { if (p.mentions > top) top = p.mentions; });
    var icons = {};  // one icon per size, shared by the markers of that size
    var places = data.places, i = 0;
    return new Promise(function (resolve) {
      // the markers are made in slices of 12 ms, each in a task of its own, so that making
      // 10,000 of them does not hold one frame (measured: 75 ms in one piece on a loaded machine)
      (function slice() {
        var t = performance.now();
        while (i < places.length && (i % 250 || performance.now() - t < 12)) {
          var p = places[i++], r = radius(p, top);
          var icon = icons[r] || (icons[r] = L.divIcon({ className: "pm", iconSize: [2 * r, 2 * r] }));
          var m = new PlaceMarker([p.lat, p.lon], {
            icon: icon,
            title: p.label + ": " + p.mentions + " mention" + (p.mentions === 1 ? "" : "s"),
            alt: p.label, keyboard: true, riseOnHover: false, zIndexOffset: (40 - r) * 10000
          });
          m.place = p;
          markers.push(m);
          byKey[p.key] = m;
        }
        if (i < places.length) { setTimeout(slice, 0); return; }
        resolve();
      })();
    }).then(function () {
      timings.markers_made = performance.now() - timings.start;
      cluster.addLayers(markers, true);  // chunked by the cluster group itself; no "layeradd" event per marker
      timings.first_chunk_added = performance.now() - timings.start;
      document.getElementById("map-count").textContent = places.length + " place" + (places.length === 1 ? "" : "s") +
        " with coordinates" + (state.since || state.until ? " in articles published " + (state.since || "…") + " to " + (state.until || "…") : "");
      if (fit && markers.length) map.fitBounds(L.latLngBounds(markers.map(function (m) { return m.getLatLng(); })), { padding: [30, 30], maxZoom: 7 });
      if (data.events_available) loadEvents();
      el.dataset.ready = String(markers.length);
      el.dispatchEvent(new CustomEvent("mapready"));
    });
  }

  // events (a later schema): a layer of their own above the places, one badge per location coloured
  // by the ACLED category most of its events have; the category filter redraws it from the events
  // already fetched. A badge's popup lists its events: the sentence with the trigger marked, who
  // claims it, and the article (outlet, date) it comes from.
  var CAT_COLOURS = { "Battles": "#b91c1c", "Explosions/Remote violence": "#c2410c",
    "Violence against civilians": "#7c3aed", "Protests": "#0f766e", "Riots": "#a16207",
    "Strategic developments": "#1d4ed8" };
  var OTHER = "other (no ACLED type)";
  var events = [], eventMarkers = [];
  map.createPane("events").style.zIndex = 620;  // above the place markers (600), under popups
  function catOf(ev) { return ev.category || OTHER; }
  function colourOf(cat) { return CAT_COLOURS[cat] || "#57534e"; }

  function eventItem(list, ev) {
    var li = document.createElement("li");
    li.className = "popup-event";
    li.dataset.event = String(ev.id);
    line(li, "b", catOf(ev) + (ev.type ? ": " + ev.type : "") + " ");
    var sent = line(li, "span", "", "ev-text"), text = ev.text || "";
    var a = ev.trigger_start - ev.start, b = ev.trigger_end - ev.start;
    if (a >= 0 && b > a && b <= text.length) {  // the trigger marked where the sentence has it
      sent.appendChild(document.createTextNode("“" + text.slice(0, a)));
      line(sent, "mark", text.slice(a, b), "ev-trigger");
      sent.appendChild(document.createTextNode(text.slice(b) + "”"));
    } else {
      sent.textContent = "“" + text + "” ";
      line(li, "mark", ev.trigger || "", "ev-trigger");
    }
    var meta = line(li, "div", "", "meta");
    var who = [];
    if (ev.source) who.push("by " + ev.source);
    if (ev.target) who.push("against " + ev.target);
    if (ev.reported_by) who.push("according to " + ev.reported_by);
    if (who.length) line(meta, "span", who.join(" · ") + " — ", "ev-source");
    var art = line(meta, "a", ev.title || ev.article_id, "ev-article");
    art.href = ev.href;
    line(meta, "span", [ev.article_source ? " · " + ev.article_source : "", ev.event_date ? " · " + ev.event_date : ""].join(""));
    list.appendChild(li);
  }

  function eventPopup(group) {
    var box = document.createElement("div");
    box.className = "popup popup-events";
    box.dataset.loc = group.key;
    line(box, "h3", (group.items[0].place || "?") + ": " + group.items.length + " event" + (group.items.length === 1 ? "" : "s"));
    var list = line(box, "ol", "", "popup-quotes");
    group.items.slice(0, 12).forEach(function (ev) { eventItem(list, ev); });
    if (group.items.length > 12) line(box, "p", "and " + (group.items.length - 12) + " more here", "meta");
    return box;
  }

  function drawEvents() {
    eventsLayer.clearLayers();
    eventMarkers = [];
    var groups = {}, order = [];
    events.forEach(function (ev) {
      if (ev.lat == null || ev.lon == null) return;
      if (state.category && catOf(ev) !== state.category) return;
      var key = ev.lat.toFixed(4) + "," + ev.lon.toFixed(4);
      if (!groups[key]) { groups[key] = { key: key, items: [], cats: {} }; order.push(key); }
      groups[key].items.push(ev);
      groups[key].cats[catOf(ev)] = (groups[key].cats[catOf(ev)] || 0) + 1;
    });
    order.forEach(function (key) {
      var g = groups[key], top = Object.keys(g.cats).sort(function (x, y) { return g.cats[y] - g.cats[x] || (x < y ? -1 : 1); })[0];
      // a badge up and to the right of the point, never over it: a click at a place's centre opens
      // the place, a click on the badge its events
      var d = g.items.length < 10 ? 20 : g.items.length < 100 ? 24 : 30;
      var c = L.marker([g.items[0].lat, g.items[0].lon], { pane: "events", keyboard: true,
        title: g.items.length + " event" + (g.items.length === 1 ? "" : "s") + " (" + top + ")",
        icon: L.divIcon({ className: "ev-marker", html: String(g.items.length), iconSize: [d, d], iconAnchor: [-4, d + 4] }) });
      c.group = g;
      c.category = top;
      c.on("add", function () {
        var e = c.getElement();
        if (e) { e.dataset.loc = key; e.dataset.category = top; e.style.borderColor = colourOf(top); }
      });
      c.bindPopup(function () { return eventPopup(g); }, { maxWidth: 380, autoPanPadding: [20, 20] });  // made when opened
      eventsLayer.addLayer(c);
      eventMarkers.push(c);
    });
    var shown = eventMarkers.reduce(function (n, m) { return n + m.group.items.length; }, 0);
    var count = document.getElementById("map-events-count");
    if (count) count.textContent = shown + " event" + (shown === 1 ? "" : "s") + " at " + eventMarkers.length + " location" +
      (eventMarkers.length === 1 ? "" : "s") + (events.length >= 500 ? " (the newest 500)" : "");
    el.dataset.events = String(eventMarkers.length);
    el.dispatchEvent(new CustomEvent("eventsready"));
  }

  function fillCategories() {
    var select = document.getElementById("map-category");
    if (!select) return;
    var seen = {};
    events.forEach(function (ev) { if (ev.lat != null && ev.lon != null) seen[catOf(ev)] = (seen[catOf(ev)] || 0) + 1; });
    var keep = select.value;
    select.replaceChildren();
    line(select, "option", "any").value = "";
    Object.keys(seen).sort().forEach(function (cat) {
      var o = line(select, "option", cat + " (" + seen[cat] + ")");
      o.value = cat;
      o.style.color = colourOf(cat);
    });
    select.value = seen[keep] ? keep : "";
    state.category = select.value;
  }

  function loadEvents() {
    var extra = { limit: 500 };
    return fetch("/api/events?" + query(extra)).then(function (r) { if (!r.ok) throw new Error(); return r.json(); }).then(function (page) {
      events = page.items || [];
      fillCategories();
      drawEvents();
      if (!layers._eventsAdded) { layers.addOverlay(eventsLayer, "Events"); eventsLayer.addTo(map); layers._eventsAdded = true; }
      var wrap = document.getElementById("map-category-wrap");
      if (wrap) wrap.hidden = false;
    }).catch(function () { /* no events API: places only */ });
  }
  var catSelect = document.getElementById("map-category");
  if (catSelect) catSelect.addEventListener("change", function () { state.category = catSelect.value; drawEvents(); });

  function load(fit) {
    timings = { start: performance.now() };
    el.dataset.ready = "";
    return fetch(el.dataset.api + "?" + query()).then(function (r) {
      return r.json().then(function (body) {
        if (!r.ok) throw new Error(body.detail || "bad request");
        return body;
      });
    }).then(function (data) { say(""); if (note) note.hidden = true; return draw(data, fit); })
      .catch(function (e) { say("Could not load the places: " + e.message); });
  }

  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      state.since = form.elements.since.value.trim();
      state.until = form.elements.until.value.trim();
      var u = new URL(window.location.href);
      ["since", "until"].forEach(function (k) { if (state[k]) u.searchParams.set(k, state[k]); else u.searchParams.delete(k); });
      window.history.replaceState(null, "", u.toString());
      load(false);
    });
  }
  // for the browser tests and curious readers: the map, its layers and markers
  window.newsgraphMap = { map: map, cluster: cluster, markers: function () { return markers; }, byKey: function (k) { return byKey[k]; }, load: load,
                          eventMarkers: function () { return eventMarkers; }, events: function () { return events; },
                          timings: function () { return timings; } };
  load(true);
})();
