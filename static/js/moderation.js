// Copy a check-in message to the clipboard, announcing the result to screen readers.
(function () {
  "use strict";
  function announce(text) {
    var status = document.querySelector("[data-copy-status]");
    if (status) { status.textContent = text; }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy-target]");
    if (!button) { return; }
    var field = document.getElementById(button.getAttribute("data-copy-target"));
    if (!field) { return; }
    var text = field.value || field.textContent;
    var done = function () { announce(button.getAttribute("data-copied-text") || "Copied"); };
    if (navigator.clipboard && navigator.clipboard.writeText) {
      navigator.clipboard.writeText(text).then(done, function () {
        field.select(); document.execCommand("copy"); done();
      });
    } else {
      field.select(); document.execCommand("copy"); done();
    }
  });
})();
