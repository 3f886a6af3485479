/* After a reaction the page reloads (the form works without JavaScript); a keyboard user is
 * put back on the button they pressed instead of at the top of the page. Only the form's
 * address and the reaction's kind are remembered, for this tab, until the next page. */
(function () {
  "use strict";
  var KEY = "keep-place";

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("reactions")) { return; }
    var button = event.submitter;
    try {
      window.sessionStorage.setItem(KEY, JSON.stringify({
        action: form.getAttribute("action"),
        kind: button ? button.value : ""
      }));
    } catch (e) { /* the reaction still goes through */ }
  });

  var saved = null;
  try {
    saved = JSON.parse(window.sessionStorage.getItem(KEY) || "null");
    window.sessionStorage.removeItem(KEY);
  } catch (e) { saved = null; }
  if (!saved) { return; }

  function restore() {
    var forms = document.querySelectorAll("form.reactions");
    for (var i = 0; i < forms.length; i++) {
      if (forms[i].getAttribute("action") !== saved.action) { continue; }
      var buttons = forms[i].querySelectorAll("button[name=kind]");
      for (var j = 0; j < buttons.length; j++) {
        if (buttons[j].value === saved.kind) {
          buttons[j].focus();
          return;
        }
      }
    }
  }

  /* After the page has loaded and scrolled to the post: focusing earlier is undone by it. */
  if (document.readyState === "complete") {
    restore();
  } else {
    window.addEventListener("load", function () { window.setTimeout(restore, 0); });
  }
})();
