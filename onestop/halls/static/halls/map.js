/* Service-hall map: draws the halls listed on the page (the server already filtered and sorted
   them; coordinates arrive converted for the tile layer) and offers "use my location". Without
   JavaScript, or without Leaflet, the list below the map is the whole page. */
(function () {
  "use strict";
  var configNode = document.getElementById("hall-map-config");
  var box = document.getElementById("hall-map");
  if (!configNode || !box) return;
  var config = JSON.parse(configNode.textContent);

  var locate = document.getElementById("locate");
  var statusLine = document.getElementById("locate-status");
  if (locate && "geolocation" in navigator) {
    locate.hidden = false;
    locate.addEventListener("click", function () {
      statusLine.textContent = "正在获取您的位置……";
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = locate.form;
        form.elements.lat.value = pos.coords.latitude.toFixed(6);
        form.elements.lon.value = pos.coords.longitude.toFixed(6);
        form.elements.town.value = "";
        form.elements.q.value = "";
        statusLine.textContent = "已获取位置，正在查找最近的大厅……";
        form.submit();
      }, function () {
        statusLine.textContent = "未能获取您的位置（可能未授权定位），请选择所在镇街或输入地址。";
      }, { timeout: 10000, maximumAge: 60000 });
    });
  }

  if (typeof L === "undefined" || !config.markers.length) return;
  box.hidden = false;
  var legend = document.getElementById("map-legend");
  if (legend) legend.hidden = false;
  var map = L.map(box, { scrollWheelZoom: false, attributionControl: Boolean(config.tileUrl) });
  if (config.tileUrl) {
    L.tileLayer(config.tileUrl, { maxZoom: 18, subdomains: config.subdomains || "abc", attribution: config.attribution || "" }).addTo(map);
  } else {
    box.classList.add("no-tiles");
  }
  (config.towns || []).forEach(function (t) {
    L.tooltip({ permanent: true, direction: "bottom", offset: [0, 10], className: "town-label", interactive: false })
      .setLatLng([t.lat, t.lon]).setContent(t.name).addTo(map);
  });
  var colours = { admin_centre: "#b91c1c", town_centre: "#1d4ed8", market_office: "#047857", bank_kiosk: "#7c3aed" };
  var points = [];
  config.markers.forEach(function (m) {
    var marker = L.circleMarker([m.lat, m.lon], {
      radius: m.kind === "admin_centre" ? 11 : 8, weight: 2, color: "#111827",
      fillColor: colours[m.kind] || "#374151", fillOpacity: m.open ? 0.95 : 0.45,
    }).addTo(map);
    var popup = document.createElement("div");
    var link = document.createElement("a");
    link.href = m.url;
    link.textContent = m.name;
    var strong = document.createElement("strong");
    strong.appendChild(link);
    popup.appendChild(strong);
    [m.kindLabel + (m.distance ? " · 约 " + m.distance : ""), m.status, m.address].forEach(function (text) {
      var line = document.createElement("div");
      line.textContent = text;
      popup.appendChild(line);
    });
    marker.bindPopup(popup);
    marker.bindTooltip(m.name, { direction: "top", offset: [0, -8] });
    points.push([m.lat, m.lon]);
  });
  if (config.origin) {
    L.circleMarker([config.origin.lat, config.origin.lon], {
      radius: 7, weight: 3, color: "#f59e0b", fillColor: "#fff", fillOpacity: 1,
    }).addTo(map).bindTooltip(config.origin.label, { permanent: true, direction: "right" });
    points.push([config.origin.lat, config.origin.lon]);
  }
  if (points.length === 1) {
    map.setView(points[0], 14);
  } else {
    map.fitBounds(points, { padding: [24, 24], maxZoom: 15 });
  }
})();
