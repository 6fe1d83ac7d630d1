// A little plain JavaScript for the staff pages; every page works without it.
(function () {
  "use strict";

  // The overview's counts, refreshed every 20 seconds without a reload.
  var section = document.querySelector("[data-poll]");
  if (section && window.fetch) {
    var url = section.getAttribute("data-poll");
    var show = function (counts) {
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
    };
    var poll = function () {
      fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" } })
        .then(function (r) { return r.ok ? r.json() : null; })
        .then(function (counts) { if (counts) show(counts); })
        .catch(function () {});
    };
    window.setInterval(poll, 20000);
  }

  // A chosen file (a roster CSV, a form's JSON) is read into its text box, to be sent with
  // the form; without this, the text can be pasted.
  var pickers = document.querySelectorAll("input[type=file][data-fill]");
  for (var j = 0; j < pickers.length; j++) {
    pickers[j].addEventListener("change", function (event) {
      var input = event.target;
      var box = document.getElementById(input.getAttribute("data-fill"));
      if (!box || !input.files || !input.files[0] || !window.FileReader) return;
      var reader = new FileReader();
      reader.onload = function () { box.value = String(reader.result); };
      reader.readAsText(input.files[0]);
    });
  }
})();
