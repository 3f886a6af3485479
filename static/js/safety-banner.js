/* Facilitators and moderators: the safety-alert banner on every page they have open.
 *
 * The server renders the open high-priority alerts into [data-safety-banner]; new ones, new
 * counts and cleared ones arrive over the notifications socket (static/js/notifications.js
 * passes them on as "notifications:frame" events):
 *   {"type": "safety_alert", "id", "level", "category", "group", "member", "url", "count", "created"}
 *   {"type": "safety_alert_closed", "id"}
 * Each alert is an element with role="alert", so screen readers announce it. "I'm checking in"
 * posts the acknowledgement (with the CSRF token) without leaving the page; the server then
 * clears that alert's banner on every open page of every responder.
 */
(function () {
  "use strict";
  var banner = document.querySelector("[data-safety-banner]");
  var stringsNode = document.getElementById("safety-banner-strings");
  if (!banner || !stringsNode) { return; }
  var strings = JSON.parse(stringsNode.textContent);
  var status = document.querySelector("[data-safety-banner-status]");

  function fill(template, values) {
    return template.replace(/%\((\w+)\)s/g, function (match, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : match;
    });
  }

  /* Only links to this site: the server builds them from ids, this keeps it that way. */
  function safeUrl(url) {
    return typeof url === "string" && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "/moderation/safety/";
  }

  function csrfToken() {
    var field = document.querySelector("[data-safety-banner] input[name=csrfmiddlewaretoken]") ||
      document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function announce(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function refreshVisibility() {
    banner.hidden = !banner.querySelector("[data-alert-id]");
  }

  function build(frame) {
    var item = document.createElement("div");
    item.className = "safety-banner-alert";
    item.setAttribute("role", "alert");
    item.setAttribute("data-alert-id", String(frame.id));

    var level = document.createElement("strong");
    level.className = "safety-banner-level";
    var category = strings.categories[frame.category];
    level.textContent = (strings.levels[frame.level] || strings.levels.high) + (category ? " · " + category : "");

    var text = document.createElement("span");
    text.className = "safety-banner-text";
    text.textContent = frame.group
      ? fill(strings.needsSupportIn, { name: frame.member, group: frame.group })
      : fill(strings.needsSupport, { name: frame.member });

    var count = document.createElement("span");
    count.className = "safety-banner-count";
    count.setAttribute("data-alert-count", "");

    var link = document.createElement("a");
    link.href = safeUrl(frame.url);
    link.setAttribute("data-alert-link", "");
    link.textContent = strings.open;

    var form = document.createElement("form");
    form.method = "post";
    form.action = "/moderation/safety/" + Number(frame.id) + "/acknowledge/";
    form.className = "inline-form";
    form.setAttribute("data-acknowledge", "");
    var token = document.createElement("input");
    token.type = "hidden";
    token.name = "csrfmiddlewaretoken";
    token.value = csrfToken();
    var next = document.createElement("input");
    next.type = "hidden";
    next.name = "next";
    next.value = location.pathname + location.search;
    var button = document.createElement("button");
    button.type = "submit";
    button.textContent = strings.acknowledge;
    form.append(token, next, button);

    var details = document.createElement("a");
    details.href = "/moderation/safety/#alert-" + Number(frame.id);
    details.textContent = strings.details;

    item.append(level, " ", text, " ", count, " ", link, " ", form, " ", details);
    return item;
  }

  function setCount(item, value) {
    var count = item.querySelector("[data-alert-count]");
    if (!count) { return; }
    count.textContent = fill(strings.count, { count: value });
    count.hidden = !(value > 1);
  }

  function find(id) {
    return banner.querySelector('[data-alert-id="' + Number(id) + '"]');
  }

  function show(frame) {
    var item = find(frame.id);
    if (!item) {
      item = build(frame);
      banner.appendChild(item);
    } else {
      /* A grouped alert: the same banner, a new count and the newest message's link. */
      var link = item.querySelector("[data-alert-link]");
      if (link) { link.href = safeUrl(frame.url); }
    }
    setCount(item, frame.count);
    refreshVisibility();
  }

  function clear(id) {
    var item = find(id);
    if (item) { item.remove(); }
    refreshVisibility();
  }

  document.addEventListener("notifications:frame", function (event) {
    var frame = event.detail || {};
    if (frame.type === "safety_alert") { show(frame); }
    if (frame.type === "safety_alert_closed") { clear(frame.id); }
  });

  banner.addEventListener("submit", function (event) {
    var form = event.target.closest("[data-acknowledge]");
    if (!form || !window.fetch) { return; }
    event.preventDefault();
    var item = form.closest("[data-alert-id]");
    var button = form.querySelector("button");
    if (button) { button.disabled = true; }
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-Requested-With": "fetch" }
    }).then(function (response) {
      if (response.status !== 204) { throw new Error("not acknowledged"); }
      if (item) { clear(item.getAttribute("data-alert-id")); }
      announce(strings.acknowledged);
    }).catch(function () {
      /* A sign-in or two-factor step stands in the way: go the plain form's way. */
      form.submit();
    });
  });
})();
