/* Character counters: every field with data-limit shows how much room is left, and the
 * browser never cuts pasted text (the pages carry no maxlength). Over the limit, the counter
 * says by how much; the server refuses the text with a message and keeps every character.
 * Strings come from <body data-limit-count data-limit-over>, translated on the server.
 *
 * A form sent back with an error marks its first field autofocus; browsers skip autofocus
 * when the address has a #fragment (the reply form's #reply brings the page to the form, and
 * also without script), so the field is focused here. */
(function () {
  "use strict";

  var body = document.body;
  var countLabel = body.getAttribute("data-limit-count") || "{count} / {limit}";
  var overLabel = body.getAttribute("data-limit-over") || "{over} over the limit of {limit}";
  var announcer = null;
  var serial = 0;

  function fill(template, values) {
    return template.replace(/\{(\w+)\}/g, function (all, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : all;
    });
  }

  function number(value) {
    try { return value.toLocaleString(document.documentElement.lang || undefined); }
    catch (e) { return String(value); }
  }

  function announce(text) {
    if (!announcer) {
      announcer = document.createElement("div");
      announcer.className = "visually-hidden";
      announcer.setAttribute("aria-live", "polite");
      body.appendChild(announcer);
    }
    announcer.textContent = text;
  }

  /* Single-line fields with a generous limit (an email address) show the counter only once
   * the text comes near it; boxes for writing always show it. */
  function alwaysShown(field, limit) {
    return field.tagName === "TEXTAREA" || (field.type === "text" && limit <= 500);
  }

  function counterFor(field) {
    if (field.limitCounter) { return field.limitCounter; }
    if (!field.id) { serial += 1; field.id = "limited-field-" + serial; }
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = field.id + "-count";
    field.insertAdjacentElement("afterend", counter);
    var described = (field.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    if (described.indexOf(counter.id) === -1) {
      described.push(counter.id);
      field.setAttribute("aria-describedby", described.join(" "));
    }
    field.limitCounter = counter;
    return counter;
  }

  function update(field) {
    var limit = Number(field.getAttribute("data-limit"));
    if (!limit) { return; }
    var count = field.value.length;
    var over = count - limit;
    if (!alwaysShown(field, limit) && count < limit * 0.8 && !field.limitCounter) { return; }
    var counter = counterFor(field);
    var wasOver = counter.classList.contains("over");
    counter.hidden = !alwaysShown(field, limit) && count < limit * 0.8;
    if (over > 0) {
      counter.textContent = fill(overLabel, { over: number(over), limit: number(limit), count: number(count) });
      counter.classList.add("over");
      if (!wasOver) { announce(counter.textContent); }
    } else {
      counter.textContent = fill(countLabel, { count: number(count), limit: number(limit) });
      counter.classList.remove("over");
      if (wasOver) { announce(counter.textContent); }
    }
  }

  function isLimited(node) {
    return node && node.nodeType === 1 && node.hasAttribute("data-limit") &&
      (node.tagName === "TEXTAREA" || node.tagName === "INPUT");
  }

  document.addEventListener("input", function (event) { if (isLimited(event.target)) { update(event.target); } });
  document.addEventListener("focusin", function (event) { if (isLimited(event.target)) { update(event.target); } });
  /* A script that fills a box (a draft given back, a failed chat message) says so. */
  document.addEventListener("draft:changed", function (event) { if (isLimited(event.target)) { update(event.target); } });
  document.querySelectorAll("textarea[data-limit], input[data-limit]").forEach(update);

  /* Scrolling to the #fragment moves the focus to the document once the page has loaded, so
   * the field takes it after that. */
  function focusFirstError() {
    var firstError = document.querySelector("form [autofocus]");
    if (firstError && (document.activeElement === body || !document.activeElement)) {
      firstError.focus();
      if (firstError.scrollIntoView) { firstError.scrollIntoView({ block: "center" }); }
    }
  }
  focusFirstError();
  window.addEventListener("load", function () { window.setTimeout(focusFirstError, 0); });
})();
