/* Quick exit: hide this page at once and replace it with a neutral site, so Back does not
 * return here. The link works without JavaScript too; with it, the visit leaves no history
 * entry and, for a signed-in member, one beacon keeps what they were writing as a draft and
 * ends the session (community/accounts/views_exit.py), so no community page with their
 * content comes back: signed-in pages are never cached, and a page the browser kept in its
 * back/forward cache reloads (signed out by then) before it is shown. */
(function () {
  "use strict";
  var ESC_WINDOW_MS = 1000;
  var lastEscape = 0;
  var body = document.body;

  function exitBeacon() {
    var url = body.getAttribute("data-quick-exit-beacon");
    var tokenField = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!url) { return; }
    var data = new FormData();
    data.append("csrfmiddlewaretoken", tokenField ? tokenField.value : "");
    var drafts = window.communityDrafts ? window.communityDrafts.collect() : [];
    drafts.forEach(function (draft) {
      data.append("place", draft.place);
      data.append("title", draft.title);
      data.append("body", draft.body);
    });
    try {
      if (navigator.sendBeacon && navigator.sendBeacon(url, data)) { return; }
    } catch (e) { /* fall back below */ }
    try {
      fetch(url, { method: "POST", body: data, credentials: "same-origin", keepalive: true });
    } catch (e) { /* leaving matters more */ }
  }

  function cover() {
    document.documentElement.classList.add("leaving");
    try { document.title = ""; } catch (e) { /* keep going */ }
  }

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var target = body.getAttribute("data-quick-exit-url") || "about:blank";
    cover();
    try { exitBeacon(); } catch (e) { /* leaving matters more */ }
    try { body.innerHTML = ""; } catch (e) { /* keep going */ }
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

  /* A signed-in page restored from the back/forward cache is not shown as it was: it is
   * covered and fetched again, which after a Quick exit finds the session ended. */
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && body.hasAttribute("data-signed-in")) {
      cover();
      window.location.reload();
    }
  });
})();
