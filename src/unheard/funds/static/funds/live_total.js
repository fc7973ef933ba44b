// Keeps a campaign's total current without reloading the page: every few seconds it asks the
// campaign's total.json (data-live-total) and rewrites the label and the progress bar. Without
// JavaScript the page shows the total as it was when rendered.
(function () {
  "use strict";
  var EVERY_MS = 1000;

  function show(box, total) {
    var label = box.querySelector(".campaign-progress__text");
    if (label && label.textContent !== total.label) {
      label.textContent = total.label;
    }
    var bar = box.querySelector("progress");
    if (bar && total.max) {
      bar.max = total.max;
      bar.value = total.value;
      bar.textContent = total.percent + "%";
    }
  }

  function follow(box) {
    var url = box.getAttribute("data-live-total");
    window.setInterval(function () {
      if (document.hidden) {
        return;
      }
      // No cookies: the answer is the same for everyone and may come from a cache.
      fetch(url, { credentials: "omit", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (total) { if (total) { show(box, total); } })
        .catch(function () { /* the next poll tries again */ });
    }, EVERY_MS);
  }

  document.querySelectorAll("[data-live-total]").forEach(follow);
})();
