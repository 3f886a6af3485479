/* Quick exit: hide this page at once and replace it with a neutral site, so Back does not
 * return here. The link works without JavaScript too; with it, the visit leaves no history
 * entry and, for a signed-in member, one beacon keeps what they were writing as a draft and
 * ends the session (community/accounts/views_exit.py), so no community page with their
 * content comes back: signed-in pages are never cached, and this tab remembers that it left,
 * so a signed-in page opened again before the session has ended (or from the back/forward
 * cache) is hidden and left again at once.
 *
 * Loaded in <head> without defer, so that check runs before the page is shown. */
(function () {
  "use strict";
  var ESC_WINDOW_MS = 1000;
  var LEFT_KEY = "quick-exit-left";
  var lastEscape = 0;

  function hasLeft() {
    try { return window.sessionStorage.getItem(LEFT_KEY) === "1"; } catch (e) { return false; }
  }

  function cover() {
    document.documentElement.classList.add("leaving");
    try { document.title = ""; } catch (e) { /* keep going */ }
  }

  if (hasLeft()) { cover(); }

  function exitBeacon(body) {
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

  function quickExit(event) {
    if (event) { event.preventDefault(); }
    var body = document.body;
    var target = body.getAttribute("data-quick-exit-url") || "about:blank";
    cover();
    try { window.sessionStorage.setItem(LEFT_KEY, "1"); } catch (e) { /* keep going */ }
    try { exitBeacon(body); } catch (e) { /* leaving matters more */ }
    try { body.innerHTML = ""; } catch (e) { /* keep going */ }
    window.location.replace(target);
  }

  function start() {
    var body = document.body;
    if (hasLeft()) {
      if (body.hasAttribute("data-signed-in")) {
        quickExit();  /* the session outlived the exit: leave again, and end it again */
        return;
      }
      /* Signed out by now: nothing of the person's to hide any more. */
      try { window.sessionStorage.removeItem(LEFT_KEY); } catch (e) { /* keep going */ }
      document.documentElement.classList.remove("leaving");
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

    /* A signed-in page kept in the back/forward cache would come back, on Back, exactly as
     * it was, before anything could hide it: empty it as it goes in (what was being written
     * is saved first), and it is fetched again if it is ever shown. */
    window.addEventListener("pagehide", function (event) {
      if (!event.persisted || !document.body.hasAttribute("data-signed-in")) { return; }
      try { if (window.communityDrafts) { window.communityDrafts.flush(); } } catch (e) { /* keep going */ }
      cover();
      try { document.body.innerHTML = ""; } catch (e) { /* keep going */ }
    });

    /* A signed-in page restored from the back/forward cache is fetched again before it is
     * shown, so it reflects whether the session still exists. */
    window.addEventListener("pageshow", function (event) {
      if (event.persisted && document.body.hasAttribute("data-signed-in")) {
        if (hasLeft()) { quickExit(); return; }
        cover();
        window.location.reload();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
