// Refreshes the overview's counts every 20 seconds without a reload. The page works without
// it: the counts are right as of loading it.
(function () {
  "use strict";
  var section = document.querySelector("[data-poll]");
  if (!section || !window.fetch) return;
  var url = section.getAttribute("data-poll");
  function show(counts) {
    var cells = section.querySelectorAll("[data-count]");
    for (var i = 0; i < cells.length; i++) {
      var key = cells[i].getAttribute("data-count");
      if (Object.prototype.hasOwnProperty.call(counts, key)) {
        cells[i].textContent = String(counts[key]);
      }
    }
    var updated = section.querySelector("[data-updated]");
    if (updated) {
      var time = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
      updated.textContent = updated.getAttribute("data-label").replace("{time}", time);
    }
  }
  function poll() {
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (counts) { if (counts) show(counts); })
      .catch(function () {});
  }
  window.setInterval(poll, 20000);
})();
