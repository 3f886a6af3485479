/* The group chat client: plain JavaScript, no build step. Protocol: chat/PROTOCOL.md.
 *
 * Nothing typed is lost: every message gets a client_id (crypto.randomUUID) and waits in a
 * local outbox (localStorage) until the server acknowledges it (`ack`, or the `message` frame
 * with its client_id). Unacknowledged messages are sent again with the same client_id
 * (the server never stores a message twice) on the timing of chat-backoff.js: exponential
 * backoff with jitter, at least `retry_after` after a `busy` or `rate_limited` answer. After a
 * reconnect the outbox is sent again and the client asks to `resume` after the last id it saw.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-chat]");
  if (!root) { return; }

  var strings = JSON.parse(document.getElementById("chat-strings").textContent);
  var blockForm = document.querySelector("[data-block-form]");
  var me = root.dataset.me;
  var isFacilitator = root.dataset.facilitator === "1";
  var outboxKey = "chat-outbox:" + root.dataset.roomKey;
  var lastIdKey = "chat-last-id:" + root.dataset.roomKey;

  var el = {
    status: root.querySelector("[data-chat-status]"),
    roomState: root.querySelector("[data-room-state]"),
    notice: root.querySelector("[data-chat-notice]"),
    error: root.querySelector("[data-chat-error]"),
    crisis: root.querySelector("[data-crisis-panel]"),
    crisisList: root.querySelector("[data-crisis-list]"),
    session: root.querySelector("[data-session-panel]"),
    presence: root.querySelector("[data-presence]"),
    log: root.querySelector("[data-chat-log]"),
    typing: root.querySelector("[data-typing]"),
    announcer: root.querySelector("[data-chat-announcer]"),
    form: root.querySelector("[data-chat-form]"),
    body: root.querySelector("#chat-body"),
    hand: root.querySelector("[data-hand]"),
    pass: root.querySelector("[data-pass]"),
    checkin: root.querySelector("[data-checkin]"),
    sideClose: root.querySelector("[data-side-close]"),
    lockToggle: root.querySelector("[data-lock-toggle]"),
    lockState: root.querySelector("[data-lock-state]"),
    checkinRequests: root.querySelector("[data-checkin-requests]"),
    skip: root.querySelector("[data-skip-to-box]")
  };
  var lockedByFacilitator = null;

  var socket = null;
  var retries = 0;
  var stopped = false;
  var lastId = Number(sessionStorage.getItem(lastIdKey) || 0);
  var lastTypingSent = 0;
  var typingTimer = null;
  var handRaised = false;
  var turnTimer = null;
  /* Facilitators only: ids of messages that read as a crisis (the server sends the
   * crisis_mark frame to no one else). A mark may arrive before its message. */
  var crisisIds = {};
  var highlightDone = false;

  function fmt(template, value) { return template.replace("%s", value); }

  /* In the member's time zone (their /me/ setting, else their device's), as every page. */
  function clockTime(iso) {
    var options = { hour: "2-digit", minute: "2-digit" };
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang || [], Object.assign({ timeZone: root.dataset.timeZone }, options));
    } catch (e) {
      return new Date(iso).toLocaleTimeString([], options);
    }
  }

  function newId() {
    if (window.crypto && crypto.randomUUID) { return crypto.randomUUID(); }
    return "id-" + Date.now().toString(36) + "-" + Math.random().toString(36).slice(2);
  }

  /* --- the outbox ------------------------------------------------------------------------- */

  function loadOutbox() {
    try { return JSON.parse(localStorage.getItem(outboxKey) || "[]"); } catch (e) { return []; }
  }
  function saveOutbox(items) { localStorage.setItem(outboxKey, JSON.stringify(items)); }
  function dropFromOutbox(clientId) {
    saveOutbox(loadOutbox().filter(function (item) { return item.client_id !== clientId; }));
  }

  function send(frame) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(frame));
      return true;
    }
    return false;
  }

  var resender = new window.ChatBackoff.Resender({
    transmit: function (item) {
      return send({ type: "message", body: item.body, client_id: item.client_id });
    }
  });

  function flushOutbox() {
    resender.resume();
    loadOutbox().forEach(function (item) {
      showPending(item);
      if (!resender.pending[item.client_id]) { resender.send(item); }
    });
  }

  /* The server stored it: it leaves the outbox and is never sent again. */
  function stored(clientId) {
    resender.acked(clientId);
    dropFromOutbox(clientId);
  }

  /* --- rendering -------------------------------------------------------------------------- */

  function textOf(html) {
    var div = document.createElement("div");
    div.innerHTML = html;
    return div.textContent || "";
  }

  function showPending(item) {
    if (el.log.querySelector('[data-client-id="' + CSS.escape(item.client_id) + '"]')) { return; }
    var li = document.createElement("li");
    li.className = "chat-message pending";
    li.dataset.clientId = item.client_id;
    var who = document.createElement("span");
    who.className = "author";
    who.textContent = me;
    var body = document.createElement("div");
    body.className = "body";
    body.textContent = item.body;
    var state = document.createElement("span");
    state.className = "meta";
    state.textContent = strings.sending;
    li.append(who, body, state);
    el.log.appendChild(li);
  }

  function messageItem(frame) {
    var li = document.createElement("li");
    li.className = "chat-message";
    li.id = "m-" + frame.id;
    li.dataset.id = frame.id;
    li.dataset.clientId = frame.client_id;
    var who = document.createElement("span");
    who.className = "author";
    who.textContent = frame.author;
    var time = document.createElement("time");
    time.className = "meta";
    time.dateTime = frame.created;
    time.textContent = clockTime(frame.created);
    var body = document.createElement("div");
    body.className = "body";
    /* html comes from the server's one sanitizer (community.sanitize.render_plain). */
    body.innerHTML = frame.html;
    if (frame.blocked) {
      /* The server marks messages by someone this member blocked: fold them, keep them. */
      var fold = document.createElement("details");
      fold.className = "blocked-message";
      var summary = document.createElement("summary");
      summary.textContent = strings.blocked;
      fold.append(summary, body);
      li.append(who, time, fold);
    } else {
      li.append(who, time, body);
    }
    if (frame.edited) { li.appendChild(editedMark()); }
    if (crisisIds[frame.id]) { markCrisis(li); }
    var actions = document.createElement("span");
    actions.className = "actions";
    if (frame.author === me) {
      actions.append(actionButton(strings.edit, function () { startEdit(li); }),
                     actionButton(strings.delete, function () {
                       if (window.confirm(strings.confirmDelete)) { send({ type: "delete", id: frame.id }); }
                     }));
    } else if (isFacilitator) {
      actions.append(facilitatorMenu(frame));
    }
    if (frame.author !== me && root.dataset.reportUrl) { actions.append(reportLink(frame)); }
    if (frame.author !== me && !frame.blocked && blockForm) {
      actions.append(actionButton(strings.block, function () {
        blockForm.elements.pseudonym.value = frame.author;
        blockForm.submit();
      }));
    }
    li.appendChild(actions);
    return li;
  }

  /* "Report" opens the report page for this message. The page finds it by what this client
   * knows (group, side-room token, the frame's id) and sends the member back here after. */
  function reportLink(frame) {
    var params = new URLSearchParams({ type: "message", group: root.dataset.group, id: String(frame.id) });
    if (root.dataset.sideRoom) { params.set("room", root.dataset.sideRoom); }
    params.set("next", location.pathname + location.search);
    var link = document.createElement("a");
    link.href = root.dataset.reportUrl + "?" + params.toString();
    link.rel = "nofollow";
    link.textContent = strings.report;
    var what = document.createElement("span");
    what.className = "visually-hidden";
    what.textContent = " " + fmt(strings.reportWhat, frame.author);
    link.appendChild(what);
    return link;
  }

  /* Facilitators: the message's own actions (remove it, mute its author, a one-to-one
   * check-in with its author) in a disclosure, reachable by keyboard like any button. The
   * server decides each one (chat.services, groups.services.membership_mute) and audits it. */
  function facilitatorMenu(frame) {
    var menu = document.createElement("details");
    menu.className = "message-menu";
    var summary = document.createElement("summary");
    summary.textContent = strings.actions;
    var what = document.createElement("span");
    what.className = "visually-hidden";
    what.textContent = " " + fmt(strings.reportWhat, frame.author);
    summary.appendChild(what);
    var list = document.createElement("div");
    list.className = "message-menu-items";
    function item(label, frameToSend, confirmText) {
      var button = actionButton(label, function () {
        if (confirmText && !window.confirm(confirmText)) { return; }
        menu.open = false;
        /* The keyboard keeps its place: back on this message's menu (if the message is
         * removed, the "removed" handler moves on to the next message). */
        summary.focus();
        send(frameToSend);
      });
      list.appendChild(button);
    }
    item(strings.removeMessage, { type: "remove", id: frame.id }, strings.confirmRemove);
    item(fmt(strings.muteFor10, frame.author), { type: "mute", member: frame.author, minutes: 10 });
    item(fmt(strings.muteFor60, frame.author), { type: "mute", member: frame.author, minutes: 60 });
    item(fmt(strings.unmute, frame.author), { type: "mute", member: frame.author, minutes: 0 });
    item(fmt(strings.sideRoomWith, frame.author), { type: "side_room", member: frame.author });
    menu.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && menu.open) {
        /* Esc closes the menu; it still counts towards Quick exit's double Esc. */
        menu.open = false;
        summary.focus();
      }
    });
    menu.append(summary, list);
    return menu;
  }

  function markCrisis(li) {
    if (!li || li.classList.contains("crisis-marked")) { return; }
    li.classList.add("crisis-marked");
    var tag = document.createElement("a");
    tag.className = "tag tag-safety";
    tag.href = "/moderation/safety/";
    tag.textContent = strings.crisisMark;
    li.insertBefore(tag, li.firstChild);
  }

  function showCrisisMarks(ids) {
    ids.forEach(function (id) {
      crisisIds[id] = true;
      markCrisis(document.getElementById("m-" + id));
    });
  }

  /* A link to "#m-<id>" (a safety alert's) lands on that message, highlighted, once it is
   * in the log. */
  function highlightFromAddress() {
    if (highlightDone) { return; }
    var match = /^#m-(\d+)$/.exec(location.hash);
    if (!match) { highlightDone = true; return; }
    var li = document.getElementById("m-" + match[1]);
    if (!li) { return; }
    highlightDone = true;
    li.classList.add("highlighted");
    li.setAttribute("tabindex", "-1");
    li.scrollIntoView({ block: "center" });
    li.focus({ preventScroll: true });
  }

  function editedMark() {
    var mark = document.createElement("span");
    mark.className = "meta edited";
    mark.textContent = strings.edited;
    return mark;
  }

  function actionButton(label, onClick) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "link-button";
    button.textContent = label;
    button.addEventListener("click", onClick);
    return button;
  }

  function startEdit(li) {
    var body = li.querySelector(".body");
    var form = document.createElement("form");
    var label = document.createElement("label");
    var inputId = "edit-" + li.dataset.id;
    label.htmlFor = inputId;
    label.className = "visually-hidden";
    label.textContent = strings.edit;
    var input = document.createElement("textarea");
    input.id = inputId;
    input.setAttribute("data-limit", el.body.getAttribute("data-limit") || "2000");
    input.value = body.textContent;
    var save = document.createElement("button");
    save.type = "submit";
    save.textContent = strings.save;
    var cancel = actionButton(strings.cancel, function () { form.remove(); body.hidden = false; });
    form.append(label, input, save, cancel);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      send({ type: "edit", id: Number(li.dataset.id), body: input.value });
      form.remove();
      body.hidden = false;
    });
    body.hidden = true;
    li.insertBefore(form, body.nextSibling);
    input.focus();
  }

  function addMessage(frame, announce) {
    if (frame.id > lastId) {
      lastId = frame.id;
      sessionStorage.setItem(lastIdKey, String(lastId));
    }
    if (frame.author === me) {
      stored(frame.client_id);
      var pending = el.log.querySelector('.pending[data-client-id="' + CSS.escape(frame.client_id) + '"]');
      if (pending) { pending.remove(); }
    }
    if (document.getElementById("m-" + frame.id)) { return; }
    var item = messageItem(frame);
    /* Keep the log in id order, even if frames arrive from history and resume together. */
    var later = null;
    el.log.querySelectorAll("li[data-id]").forEach(function (li) {
      if (!later && Number(li.dataset.id) > frame.id) { later = li; }
    });
    var firstPending = el.log.querySelector(".pending");
    el.log.insertBefore(item, later || firstPending);
    if (announce && frame.author !== me && !frame.blocked) {
      el.announcer.textContent = strings.newMessage
        .replace("%(author)s", frame.author).replace("%(text)s", textOf(frame.html));
    }
    el.log.scrollTop = el.log.scrollHeight;
  }

  function showHistory(messages) {
    /* Messages no longer in the latest window's range were removed while we were away. */
    if (messages.length) {
      var ids = {};
      messages.forEach(function (m) { ids[m.id] = true; });
      var first = messages[0].id;
      el.log.querySelectorAll("li[data-id]").forEach(function (li) {
        var id = Number(li.dataset.id);
        if (id >= first && !ids[id]) { li.remove(); }
      });
    }
    messages.forEach(function (m) { addMessage(m, false); });
    highlightFromAddress();
  }

  function showError(detail) {
    el.error.textContent = detail;
    el.error.hidden = false;
    window.clearTimeout(showError.timer);
    showError.timer = window.setTimeout(function () { el.error.hidden = true; }, 8000);
  }

  function showNotice(detail) {
    el.notice.textContent = detail;
    el.notice.hidden = false;
  }

  function showRoom(frame) {
    showLockToggle(frame);
    var parts = [];
    if (frame.locked) { parts.push(strings.locked); }
    if (frame.slow_mode) { parts.push(fmt(strings.slowMode, frame.slow_mode)); }
    el.roomState.textContent = parts.join(" ");
    el.roomState.hidden = parts.length === 0;
  }

  /* Facilitators: one button that shows the room's state and does the opposite. */
  function showLockToggle(frame) {
    if (!el.lockToggle) { return; }
    lockedByFacilitator = frame.locked_by_facilitator === undefined ? frame.locked : frame.locked_by_facilitator;
    el.lockToggle.disabled = false;
    el.lockToggle.textContent = lockedByFacilitator ? strings.unlockRoom : strings.lockRoom;
    el.lockState.textContent = lockedByFacilitator ? strings.roomIsLocked
      : (frame.locked ? strings.roomClosedBySchedule : strings.roomIsOpen);
  }

  /* Facilitators: a member asked for a check-in. A notice with the action, not only a badge. */
  function showCheckinRequest(frame) {
    if (!el.checkinRequests) { return; }
    var existing = el.checkinRequests.querySelector('[data-member="' + CSS.escape(frame.member) + '"]');
    if (existing) { existing.remove(); }
    var item = document.createElement("div");
    item.className = "checkin-request card";
    item.dataset.member = frame.member;
    var text = document.createElement("p");
    text.textContent = fmt(strings.checkinRequest, frame.member);
    var open = document.createElement("button");
    open.type = "button";
    open.textContent = strings.openSideRoom;
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = " " + fmt(strings.withName, frame.member);
    open.appendChild(who);
    open.addEventListener("click", function () {
      send({ type: "side_room", member: frame.member });
      item.remove();
      el.body.focus();
    });
    var later = actionButton(strings.dismiss, function () { item.remove(); el.body.focus(); });
    item.append(text, open, document.createTextNode(" "), later);
    el.checkinRequests.appendChild(item);
    el.checkinRequests.hidden = false;
  }

  function showPresence(members) {
    el.presence.replaceChildren.apply(el.presence, members.map(function (name) {
      var li = document.createElement("li");
      li.textContent = name;
      return li;
    }));
  }

  function showTyping(author) {
    el.typing.textContent = fmt(strings.typing, author);
    window.clearTimeout(typingTimer);
    typingTimer = window.setTimeout(function () { el.typing.textContent = ""; }, 4000);
  }

  function showCrisis(frame) {
    /* Rendered by the server's one crisis-panel template: a number to call or text first. */
    el.crisisList.innerHTML = frame.html || "";
    el.crisis.hidden = false;
    /* The panel's top at the top of the screen: on a phone its first number shows at once. */
    el.crisis.focus({ preventScroll: true });
    el.crisis.scrollIntoView({ block: "start" });
  }

  function showSession(frame) {
    if (!el.session) { return; }
    el.session.hidden = !frame.phase;
    if (!frame.phase) { return; }
    el.session.querySelector("[data-session-phase]").textContent = fmt(strings.phase, frame.phase);
    el.session.querySelector("[data-session-turn]").textContent = fmt(strings.turn, frame.turn || strings.nobody);
    el.session.querySelector("[data-session-queue]").textContent =
      fmt(strings.queue, frame.queue.length ? frame.queue.join(", ") : strings.nobody);
    el.session.querySelector("[data-session-paused]").hidden = !frame.paused;
    handRaised = frame.queue.indexOf(me) !== -1;
    el.hand.textContent = handRaised ? strings.lowerHand : strings.raiseHand;
    el.hand.setAttribute("aria-pressed", handRaised ? "true" : "false");
    el.pass.hidden = frame.turn !== me && !handRaised;
    window.clearInterval(turnTimer);
    if (frame.turn_ends) {
      var ends = new Date(frame.turn_ends).getTime();
      var turnLine = el.session.querySelector("[data-session-turn]");
      turnTimer = window.setInterval(function () {
        var left = Math.max(0, Math.round((ends - Date.now()) / 1000));
        turnLine.textContent = fmt(strings.turn, frame.turn) + " · " + fmt(strings.secondsLeft, left);
        if (!left) { window.clearInterval(turnTimer); }
      }, 1000);
    }
  }

  function showSideRoom(frame) {
    if (frame.closed) {
      showNotice(strings.sideRoomClosed);
      return;
    }
    el.notice.replaceChildren();
    var text = document.createElement("p");
    /* Each person reads it the right way round: the facilitator opened it, the member was
     * invited. */
    text.textContent = fmt(frame.opened_by_you ? strings.sideRoomOpened : strings.sideRoom, frame["with"] || "");
    var link = document.createElement("a");
    link.href = root.dataset.chatPage + "?room=" + encodeURIComponent(frame.room);
    link.target = "_blank";
    link.rel = "noopener";
    link.textContent = strings.sideRoomOpen;
    if (el.checkinRequests) {
      var asked = el.checkinRequests.querySelector('[data-member="' + CSS.escape(frame["with"] || "") + '"]');
      if (asked) { asked.remove(); }
    }
    el.notice.append(text, link);
    el.notice.hidden = false;
  }

  /* --- frames from the server ------------------------------------------------------------- */

  var handlers = {
    history: function (f) { showHistory(f.messages); },
    message: function (f) { addMessage(f, true); },
    edited: function (f) {
      var li = document.getElementById("m-" + f.id);
      if (!li) { return; }
      li.querySelector(".body").innerHTML = f.html;
      if (!li.querySelector(".edited")) { li.insertBefore(editedMark(), li.querySelector(".actions")); }
    },
    removed: function (f) {
      var li = document.getElementById("m-" + f.id);
      if (!li) { return; }
      var hadFocus = li.contains(document.activeElement);
      var next = li.nextElementSibling || li.previousElementSibling;
      li.remove();
      if (hadFocus) {
        /* The keyboard keeps its place: the next message's first control, else the log. */
        var target = next && next.querySelector("button, summary, a");
        (target || el.log).focus();
      }
    },
    presence: function (f) { showPresence(f.members); },
    typing: function (f) { showTyping(f.author); },
    room: showRoom,
    session: showSession,
    side_room: showSideRoom,
    checkin_request: showCheckinRequest,
    crisis_resources: function (f) { showCrisis(f); },
    crisis_mark: function (f) { showCrisisMarks(f.ids); },
    notice: function (f) { showNotice(f.detail); },
    ack: function (f) { stored(f.client_id); },
    error: function (f) {
      showError(f.detail);
      if (!f.client_id) { return; }
      var item = loadOutbox().filter(function (i) { return i.client_id === f.client_id; })[0];
      if ((f.code === "busy" || f.code === "rate_limited") && item) {
        /* Not stored yet: kept, and sent again no sooner than the server asked. */
        if (!resender.pending[item.client_id]) { resender.send(item); }
        resender.retryAfter(item.client_id, f.retry_after || 1);
        return;
      }
      /* Refused for good: give the words back to the writer instead of dropping them. */
      resender.acked(f.client_id);
      dropFromOutbox(f.client_id);
      var pending = el.log.querySelector('.pending[data-client-id="' + CSS.escape(f.client_id) + '"]');
      if (pending) { pending.remove(); }
      if (item && !el.body.value) { el.body.value = item.body; boxChanged(); }
    }
  };

  /* --- the connection --------------------------------------------------------------------- */

  function connect() {
    var scheme = location.protocol === "https:" ? "wss://" : "ws://";
    socket = new WebSocket(scheme + location.host + root.dataset.wsPath);
    el.status.textContent = strings.connecting;
    socket.addEventListener("open", function () {
      retries = 0;
      el.status.textContent = strings.connected;
      if (lastId) { send({ type: "resume", after: lastId }); }
      flushOutbox();
    });
    socket.addEventListener("message", function (event) {
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      var handler = handlers[frame.type];
      if (handler) { handler(frame); }
    });
    socket.addEventListener("close", function (event) {
      socket = null;
      resender.pause();
      var final = { 4401: strings.signedOut, 4403: strings.notAllowed, 4404: strings.noRoom };
      if (final[event.code]) {
        stopped = true;
        el.status.textContent = final[event.code];
        return;
      }
      if (stopped) { return; }
      el.status.textContent = strings.reconnecting;
      /* Exponential backoff with jitter (chat-backoff.js): 0.5–1 s, 1–2 s … up to 30 s.
       * 4429 (too many frames) waits like any other drop. */
      var delay = window.ChatBackoff.delay(retries, Math.random, window.ChatBackoff.RECONNECT_BASE_MS);
      retries += 1;
      window.setTimeout(connect, delay);
    });
  }

  /* --- what the member does --------------------------------------------------------------- */

  /* The box changed without typing: the draft (static/js/drafts.js) and counter follow. */
  function boxChanged() {
    el.body.dispatchEvent(new CustomEvent("draft:changed", { bubbles: true }));
  }

  function submitMessage() {
    var body = el.body.value;
    if (!body.trim()) { return; }
    var limit = Number(el.body.getAttribute("data-limit") || 0);
    if (limit && body.length > limit) {
      showError(fmt(strings.tooLong, body.length.toLocaleString()));
      el.body.focus();
      return;
    }
    var item = { client_id: newId(), body: body };
    var outbox = loadOutbox();
    outbox.push(item);
    saveOutbox(outbox);
    showPending(item);
    el.body.value = "";
    boxChanged();
    resender.send(item);
  }

  el.form.addEventListener("submit", function (event) {
    event.preventDefault();
    submitMessage();
  });
  el.body.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submitMessage();
    }
  });
  el.body.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTypingSent > 3000) {
      lastTypingSent = now;
      send({ type: "typing" });
    }
  });
  if (el.checkin) {
    el.checkin.addEventListener("click", function () { send({ type: "checkin_request" }); });
  }
  if (el.sideClose) {
    el.sideClose.addEventListener("click", function () { send({ type: "side_room_close" }); });
  }
  if (el.hand) {
    el.hand.addEventListener("click", function () { send({ type: "hand", raised: !handRaised }); });
    el.pass.addEventListener("click", function () { send({ type: "pass" }); });
  }

  if (el.lockToggle) {
    el.lockToggle.addEventListener("click", function () {
      if (lockedByFacilitator === null) { return; }
      send({ type: lockedByFacilitator ? "unlock" : "lock" });
    });
  }
  if (el.skip) {
    /* Past the messages, straight to the box (the log alone can hold fifty). */
    el.skip.addEventListener("click", function (event) {
      event.preventDefault();
      el.body.focus();
      el.body.scrollIntoView({ block: "nearest" });
    });
  }

  root.querySelectorAll("[data-tool]").forEach(function (button) {
    button.addEventListener("click", function () { send({ type: button.dataset.tool }); });
  });
  root.querySelectorAll("[data-tool-form]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var frame = { type: form.dataset.toolForm };
      new FormData(form).forEach(function (value, name) {
        if (value === "") { return; }
        frame[name] = form.elements[name].type === "number" ? Number(value) : value;
      });
      send(frame);
    });
  });

  /* Requests that arrived before the page opened (unread notifications), as live ones. */
  if (el.checkinRequests) {
    el.checkinRequests.querySelectorAll("[data-checkin-waiting]").forEach(function (stub) {
      stub.remove();
      showCheckinRequest({ member: stub.getAttribute("data-checkin-waiting") });
    });
  }

  loadOutbox().forEach(showPending);
  connect();
})();
