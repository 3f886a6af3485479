/* Quick exit: replace this page with a neutral site so Back does not return here.
   The link works without JavaScript too; with it, the visit leaves no history entry. */
(function () {
  "use strict";
  var ESC_WINDOW_MS = 1000;
  var lastEscape = 0;

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var target = document.body.getAttribute("data-quick-exit-url") || "about:blank";
    try { document.title = ""; document.body.innerHTML = ""; } catch (e) { /* keep going */ }
    window.location.replace(target);
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-quick-exit]");
    if (link) { quickExit(event); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") { return; }
    var now = Date.now();
    if (now - lastEscape <= ESC_WINDOW_MS) { quickExit(event); }
    lastEscape = now;
  });
})();
