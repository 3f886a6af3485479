/* Live notifications: keep the header badge current and announce new ones politely.
   Connects to ws /ws/notifications/ with the session cookie; reconnects with a back-off.
   Frames other than "notification" are passed on as a "notifications:frame" DOM event. */
(function () {
  "use strict";
  var body = document.body;
  if (!body || !body.hasAttribute("data-notifications-live") || !window.WebSocket) { return; }

  var announcer = document.querySelector("[data-notification-announcer]");
  var link = document.querySelector("[data-notifications-link]");
  var delay = 1000;
  var MAX_DELAY = 60000;

  function badge() {
    var existing = document.querySelector("[data-unread-count]");
    if (existing || !link) { return existing; }
    var span = document.createElement("span");
    span.className = "badge";
    span.setAttribute("data-unread-count", "");
    link.appendChild(document.createTextNode(" "));
    link.appendChild(span);
    return span;
  }

  function setCount(count) {
    var el = badge();
    if (!el) { return; }
    el.textContent = String(count);
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = " " + (body.getAttribute("data-unread-label") || "unread");
    el.appendChild(hidden);
  }

  function currentCount() {
    var el = document.querySelector("[data-unread-count]");
    return el ? parseInt(el.textContent, 10) || 0 : 0;
  }

  function announce(text) {
    if (!announcer) { return; }
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket = new WebSocket(scheme + window.location.host + "/ws/notifications/");
    socket.addEventListener("open", function () { delay = 1000; });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type !== "notification") {
        /* Other frames on this stream (a staff member's safety-alert banner) are for the
         * page's other scripts: static/js/safety-banner.js listens for them. */
        document.dispatchEvent(new CustomEvent("notifications:frame", { detail: frame }));
        return;
      }
      setCount(currentCount() + 1);
      announce((body.getAttribute("data-new-notification-label") || "New notification:") + " " + frame.text);
    });
    socket.addEventListener("close", function (event) {
      if (event.code === 4401 || event.code === 4403) { return; }
      window.setTimeout(connect, delay);
      delay = Math.min(delay * 2, MAX_DELAY);
    });
  }

  connect();
})();
