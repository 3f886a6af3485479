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
 * server never stores a message twice. While the socket is down nothing is resent; the
 * reconnect sends the whole outbox once, then the waits go on where they were.
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

  /* Milliseconds to wait before try number `attempt` + 1 (attempt 0: the first resend).
   * `baseMs` (default BASE_MS) is the first ceiling: reconnecting starts from 1 s. */
  function delay(attempt, retryAfterSeconds, random, baseMs) {
    random = random || Math.random;
    var ceiling = Math.min(CAP_MS, (baseMs || BASE_MS) * Math.pow(2, Math.max(0, attempt)));
    var wait = ceiling / 2 + random() * (ceiling / 2);
    if (retryAfterSeconds > 0) {
      wait = Math.max(wait, retryAfterSeconds * 1000 * (1 + random() / 4));
    }
    return Math.round(wait);
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

  /* Keeps the resend timer of every unacknowledged message.
   * options.transmit(item) sends {type: "message", body, client_id} and returns false when the
   * socket is not open; setTimeout/clearTimeout/random may be replaced (tests). */
  function Resender(options) {
    this.transmit = options.transmit;
    this.setTimer = options.setTimeout || function (fn, ms) { return setTimeout(fn, ms); };
    this.clearTimer = options.clearTimeout || function (id) { clearTimeout(id); };
    this.random = options.random || Math.random;
    this.pending = {};
  }

  Resender.prototype.send = function (item) {
    var entry = this.pending[item.client_id];
    if (!entry) {
      entry = { item: item, attempt: 0, refusals: 0, timer: null };
      this.pending[item.client_id] = entry;
    }
    this._fire(entry);
  };

  Resender.prototype._fire = function (entry) {
    this._clear(entry);
    if (this.transmit(entry.item) === false) { return; }
    this._later(entry, delay(entry.attempt, 0, this.random));
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

  /* The server stored it (ack or own message frame): no more resends. */
  Resender.prototype.acked = function (clientId) {
    var entry = this.pending[clientId];
    if (!entry) { return; }
    this._clear(entry);
    delete this.pending[clientId];
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
    Object.keys(this.pending).forEach(function (id) { self._clear(self.pending[id]); });
  };

  /* The socket is open again: send every waiting message once, then back off as before. */
  Resender.prototype.resume = function () {
    var self = this;
    Object.keys(this.pending).forEach(function (id) {
      var entry = self.pending[id];
      self._clear(entry);
      if (self.transmit(entry.item) !== false) {
        self._later(entry, delay(entry.attempt, 0, self.random));
      }
    });
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
