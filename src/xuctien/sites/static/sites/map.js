// Zone maps: points (and boundaries where known) from a JSON block on the page, filtered
// by the status and available-land checkboxes beside the map. Tiles come from the URL in
// data-tiles; when they cannot load (offline, tests) the shapes still draw on the plain
// background of the map container. No inline script: everything is read from data-*.
(function () {
  "use strict";

  var COLOURS = {
    operating: "#1b7a3e",
    under_construction: "#c77700",
    planned: "#2f5fa7",
    proposed: "#6b5aa6",
    unknown: "#666666",
  };

  function text(tag, value, className) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (className) el.className = className;
    return el;
  }

  function popup(props) {
    var box = document.createElement("div");
    var link = text("a", props.name);
    link.href = props.url;
    box.appendChild(link);
    box.appendChild(text("div", props.statusLabel));
    box.appendChild(text("div", props.availableLabel + ": " + props.available));
    if (props.score) box.appendChild(text("div", props.scoreLabel + ": " + props.score));
    if (props.approximate) box.appendChild(text("div", props.approximateLabel, "subtle"));
    return box;
  }

  function draw(container) {
    var source = document.getElementById(container.dataset.mapSource);
    if (!source || typeof L === "undefined") return;
    var data = JSON.parse(source.textContent);
    var map = L.map(container, { scrollWheelZoom: false });
    if (container.dataset.tiles) {
      L.tileLayer(container.dataset.tiles, {
        maxZoom: 18,
        attribution: container.dataset.attribution || "",
      }).addTo(map);
    }
    var layers = [];
    var labels = {
      availableLabel: container.dataset.availableLabel || "",
      scoreLabel: container.dataset.scoreLabel || "",
      approximateLabel: container.dataset.approximateLabel || "",
    };
    var bounds = L.latLngBounds([]);
    data.features.forEach(function (feature) {
      var props = Object.assign({}, feature.properties, labels);
      var colour = COLOURS[props.status] || COLOURS.unknown;
      var layer;
      if (feature.geometry.type === "Point") {
        var c = feature.geometry.coordinates;
        layer = L.circleMarker([c[1], c[0]], {
          radius: props.rank ? 10 : 8,
          color: props.blocked ? "#999999" : colour,
          fillColor: props.blocked ? "#dddddd" : colour,
          fillOpacity: 0.8,
          weight: 2,
          dashArray: props.approximate ? "3" : null,
          className: "zone-marker zone-marker--" + props.status,
        });
        if (props.rank) {
          layer.bindTooltip(String(props.rank), { permanent: true, direction: "center", className: "zone-rank" });
        }
      } else {
        layer = L.geoJSON(feature.geometry, {
          style: { color: colour, weight: 2, fillOpacity: 0.15, className: "zone-boundary" },
        });
      }
      layer.bindPopup(popup(props));
      layer.zoneStatus = props.status;
      layer.zoneBand = props.band;
      layer.addTo(map);
      layers.push(layer);
      bounds.extend(layer.getBounds ? layer.getBounds() : layer.getLatLng());
    });
    if (bounds.isValid()) {
      map.fitBounds(bounds.pad(0.2), { maxZoom: 12 });
    } else {
      map.setView([Number(container.dataset.lat || 21.1), Number(container.dataset.lon || 107.3)], 8);
    }
    var filters = container.dataset.filters && document.getElementById(container.dataset.filters);
    if (filters) {
      filters.addEventListener("change", function () {
        var on = {};
        filters.querySelectorAll("input[type=checkbox]").forEach(function (box) {
          on[box.name + ":" + box.value] = box.checked;
        });
        layers.forEach(function (layer) {
          var show = on["status:" + layer.zoneStatus] !== false && on["band:" + layer.zoneBand] !== false;
          if (show && !map.hasLayer(layer)) layer.addTo(map);
          if (!show && map.hasLayer(layer)) map.removeLayer(layer);
        });
      });
    }
    container.dataset.drawn = String(layers.length);
  }

  function start() {
    document.querySelectorAll("[data-map-source]").forEach(draw);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
