// Location picker: a click on the map fills the WGS-84 latitude/longitude fields (which also work
// without JavaScript). No tile layer: this site's Content-Security-Policy loads images from itself
// only, so the map shows the district's extent and the chosen point.
(function () {
  "use strict";
  function init() {
    var box = document.getElementById("map-picker");
    if (!box || !window.L) { return; }
    var lat = document.getElementById("id_latitude"), lon = document.getElementById("id_longitude");
    box.hidden = false;
    document.getElementById("map-hint").hidden = false;
    var bounds = [[22.05, 113.00], [22.50, 113.50]];
    var map = window.L.map(box, { attributionControl: false }).fitBounds(bounds);
    window.L.rectangle(bounds, { color: "#1d4ed8", weight: 1, fillOpacity: 0.04 }).addTo(map);
    var marker = null;
    function place(la, lo) {
      if (marker) { marker.setLatLng([la, lo]); } else { marker = window.L.marker([la, lo], { keyboard: false }).addTo(map); }
    }
    if (lat.value && lon.value && !isNaN(+lat.value) && !isNaN(+lon.value)) { place(+lat.value, +lon.value); }
    map.on("click", function (e) {
      lat.value = e.latlng.lat.toFixed(6);
      lon.value = e.latlng.lng.toFixed(6);
      place(e.latlng.lat, e.latlng.lng);
    });
    [lat, lon].forEach(function (input) {
      input.addEventListener("change", function () {
        if (lat.value && lon.value && !isNaN(+lat.value) && !isNaN(+lon.value)) { place(+lat.value, +lon.value); }
      });
    });
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
