/* When the chat client sends a message again: exponential backoff with jitter, never a fixed
 * loop (chat/PROTOCOL.md, "Acknowledgements, busy and backoff").
 *
 * A message waits in the outbox until the server acknowledges it (an `ack` frame, or the
 * `message` frame with its client_id). Without an answer it is sent again after 1.5–3 s, then
 * 3–6 s, 6–12 s … up to 15–30 s: each wait doubles and a random part keeps a room's clients
 * from resending in step. `busy` and `rate_limited` errors carry `retry_after`: the server
 * says when it can take the message, so the next try waits that long (plus up to a quarter
 * more), and at least a short backoff that doubles with each refusal of the same message
 * (0.25 s, 0.5 s, 1 s … 30 s); waiting the silence's 1.5–3 s after a refusal that asked for
 * 0.2 s only made every message late. Retries reuse the client_id, so the
 * server never stores a message twice. Messages leave in the order they were written, one at a
 * time (the next when the one before is acknowledged). While the socket is down nothing is
 * resent; the reconnect sends the oldest at once, then the waits go on where they were.
 *
 * Plain script for the page (window.ChatBackoff) and a CommonJS module for node's test runner.
 */
(function (root, factory) {
  "use strict";
  if (typeof module === "object" && module.exports) {
    module.exports = factory();
  } else {
    root.ChatBackoff = factory();
  }
}(typeof self !== "undefined" ? self : this, function () {
  "use strict";

  var BASE_MS = 3000;
  var RECONNECT_BASE_MS = 1000;
  var REFUSED_BASE_MS = 250;
  var CAP_MS = 30000;

  /* Milliseconds to wait before try number `attempt` + 1 when nothing answered (attempt 0:
   * the first resend). `baseMs` (default BASE_MS) is the first ceiling: reconnecting starts
   * from 1 s. A refusal's wait is refusedDelay's. */
  function delay(attempt, random, baseMs) {
    random = random || Math.random;
    var ceiling = Math.min(CAP_MS, (baseMs || BASE_MS) * Math.pow(2, Math.max(0, attempt)));
    return Math.round(ceiling / 2 + random() * (ceiling / 2));
  }

  /* Milliseconds to wait after the server refused a try with `busy` or `rate_limited` for the
   * `refusals`-th time (0: the first): retry_after, and at least 0.25 s doubling with each
   * refusal, plus up to a quarter more. */
  function refusedDelay(refusals, retryAfterSeconds, random) {
    random = random || Math.random;
    var floor = Math.min(CAP_MS, REFUSED_BASE_MS * Math.pow(2, Math.max(0, refusals)));
    var wait = Math.max(floor, (retryAfterSeconds || 0) * 1000);
    return Math.round(wait * (1 + random() / 4));
  }

  /* The outbox: every unacknowledged message, sent in the order it was written, one at a
   * time. The next leaves when the one before is acknowledged (or refused for good), so
   * messages are stored in the order typed, and a member who writes faster than the room's
   * pace waits in their own outbox instead of resending every message in a storm of
   * refusals (a refusal holds the whole outbox until retry_after).
   * options.transmit(item) sends {type: "message", body, client_id} and returns false when the
   * socket is not open; setTimeout/clearTimeout/random may be replaced (tests). */
  function Resender(options) {
    this.transmit = options.transmit;
    this.setTimer = options.setTimeout || function (fn, ms) { return setTimeout(fn, ms); };
    this.clearTimer = options.clearTimeout || function (id) { clearTimeout(id); };
    this.random = options.random || Math.random;
    this.pending = {};
    this.order = [];
  }

  Resender.prototype.send = function (item) {
    if (!this.pending[item.client_id]) {
      this.pending[item.client_id] = { item: item, attempt: 0, refusals: 0, timer: null };
      this.order.push(item.client_id);
    }
    this._next();
  };

  /* Send the oldest message unless it is already waiting for an answer or a retry. */
  Resender.prototype._next = function () {
    var entry = this.pending[this.order[0]];
    if (entry && entry.timer === null) { this._fire(entry); }
  };

  Resender.prototype._fire = function (entry) {
    this._clear(entry);
    if (this.transmit(entry.item) === false) { return; }
    this._later(entry, delay(entry.attempt, this.random));
  };

  Resender.prototype._later = function (entry, ms) {
    entry.attempt += 1;
    this._at(entry, ms);
  };

  Resender.prototype._at = function (entry, ms) {
    var self = this;
    entry.timer = this.setTimer(function () {
      entry.timer = null;
      self._fire(entry);
    }, ms);
  };

  Resender.prototype._clear = function (entry) {
    if (entry.timer !== null) {
      this.clearTimer(entry.timer);
      entry.timer = null;
    }
  };

  /* The server stored it (ack or own message frame), or refused it for good: it leaves the
   * outbox and the next one goes. */
  Resender.prototype.acked = function (clientId) {
    var entry = this.pending[clientId];
    if (!entry) { return; }
    this._clear(entry);
    delete this.pending[clientId];
    this.order.splice(this.order.indexOf(clientId), 1);
    this._next();
  };

  /* `busy` / `rate_limited`: try again when the server said (refusedDelay). */
  Resender.prototype.retryAfter = function (clientId, seconds) {
    var entry = this.pending[clientId];
    if (!entry) { return; }
    this._clear(entry);
    var ms = refusedDelay(entry.refusals, seconds, this.random);
    entry.refusals += 1;
    this._at(entry, ms); /* a refusal is an answer: the silence's backoff does not grow */
  };

  /* The socket closed: stop the timers, keep the messages. */
  Resender.prototype.pause = function () {
    var self = this;
    this.order.forEach(function (id) { self._clear(self.pending[id]); });
  };

  /* The socket is open again: the oldest message goes at once, the rest after it. */
  Resender.prototype.resume = function () {
    var entry = this.pending[this.order[0]];
    if (entry) { this._fire(entry); }
  };

  return {
    delay: delay,
    refusedDelay: refusedDelay,
    Resender: Resender,
    BASE_MS: BASE_MS,
    RECONNECT_BASE_MS: RECONNECT_BASE_MS,
    REFUSED_BASE_MS: REFUSED_BASE_MS,
    CAP_MS: CAP_MS
  };
}));
