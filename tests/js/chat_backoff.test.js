/* node --test tests/js/: the chat client's resend timing (static/js/chat-backoff.js). */
"use strict";

const test = require("node:test");
const assert = require("node:assert/strict");
const path = require("node:path");

const { delay, refusedDelay, Resender, BASE_MS, CAP_MS, REFUSED_BASE_MS } = require(
  path.join(__dirname, "..", "..", "static", "js", "chat-backoff.js")
);

function fakeClock() {
  const timers = new Map();
  let next = 1;
  return {
    timers,
    setTimeout(fn, ms) { const id = next++; timers.set(id, { fn, ms }); return id; },
    clearTimeout(id) { timers.delete(id); },
    /* Run the one pending timer; returns its delay. */
    fire() {
      assert.equal(timers.size, 1, "exactly one resend is scheduled");
      const [id, { fn, ms }] = timers.entries().next().value;
      timers.delete(id);
      fn();
      return ms;
    },
  };
}

function harness({ random = () => 0.5, open = true } = {}) {
  const clock = fakeClock();
  const sent = [];
  const state = { open };
  const resender = new Resender({
    transmit(item) { if (!state.open) { return false; } sent.push(item.client_id); return true; },
    setTimeout: clock.setTimeout,
    clearTimeout: clock.clearTimeout,
    random,
  });
  return { clock, sent, state, resender };
}

test("each wait doubles and is capped: never a fixed loop", () => {
  const waits = [0, 1, 2, 3, 4, 5, 6].map((attempt) => delay(attempt, () => 1));
  assert.deepEqual(waits, [3000, 6000, 12000, 24000, 30000, 30000, 30000]);
  assert.equal(BASE_MS, 3000);
  assert.equal(CAP_MS, 30000);
});

test("jitter keeps each wait between half and the whole of its ceiling", () => {
  for (let attempt = 0; attempt < 8; attempt += 1) {
    const ceiling = Math.min(CAP_MS, BASE_MS * 2 ** attempt);
    assert.equal(delay(attempt, () => 0), ceiling / 2);
    assert.equal(delay(attempt, () => 0.999999), Math.round(ceiling * 0.9999995));
  }
  const spread = new Set(Array.from({ length: 50 }, () => delay(2)));
  assert.ok(spread.size > 10, "real randomness spreads the clients out");
});

test("reconnecting starts from a 1 s ceiling and doubles the same way", () => {
  const waits = [0, 1, 2, 5, 9].map((attempt) => delay(attempt, () => 1, 1000));
  assert.deepEqual(waits, [1000, 2000, 4000, 30000, 30000]);
});

test("an unacknowledged message is resent with growing waits until acknowledged", () => {
  const { clock, sent, resender } = harness();
  resender.send({ client_id: "a", body: "hi" });
  const waits = [clock.fire(), clock.fire(), clock.fire()];
  assert.deepEqual(waits, [2250, 4500, 9000]);
  assert.deepEqual(sent, ["a", "a", "a", "a"]);
  resender.acked("a");
  assert.equal(clock.timers.size, 0);
  assert.deepEqual(Object.keys(resender.pending), []);
});

test("a refusal waits what the server asked, not the silence's backoff, plus up to a quarter", () => {
  assert.equal(REFUSED_BASE_MS, 250);
  assert.equal(refusedDelay(0, 0.4, () => 0), 400);
  assert.equal(refusedDelay(0, 0.4, () => 1), 500);
  assert.equal(refusedDelay(0, 0.1, () => 0), 250); /* never sooner than 0.25 s */
  assert.ok(refusedDelay(0, 0.4, () => 0) < delay(0, () => 0), "sooner than a silence");
});

test("each refusal of the same message doubles the short backoff, up to 30 s", () => {
  const waits = [0, 1, 2, 3, 4, 7, 12].map((refusals) => refusedDelay(refusals, 0.1, () => 0));
  assert.deepEqual(waits, [250, 500, 1000, 2000, 4000, 30000, 30000]);
  assert.equal(refusedDelay(2, 7, () => 0), 7000); /* a longer retry_after wins */
});

test("busy: the next try waits retry_after; repeated refusals back off; silence backs off as before", () => {
  const { clock, sent, resender } = harness({ random: () => 0 });
  resender.send({ client_id: "a", body: "hi" });
  resender.retryAfter("a", 0.3);
  assert.equal(clock.fire(), 300);
  resender.retryAfter("a", 0.3);
  assert.equal(clock.fire(), 500); /* second refusal: at least 0.5 s */
  resender.retryAfter("a", 7);
  assert.equal(clock.fire(), 7000);
  assert.deepEqual(sent, ["a", "a", "a", "a"]);
  assert.equal(clock.fire(), 12000); /* no answer: attempt 3 of the backoff, 12-24 s */
});

test("messages leave in the order written, one at a time: the next when the one before is stored", () => {
  const { clock, sent, resender } = harness();
  resender.send({ client_id: "a", body: "one" });
  resender.send({ client_id: "b", body: "two" });
  resender.send({ client_id: "c", body: "three" });
  assert.deepEqual(sent, ["a"]);
  resender.acked("a");
  assert.deepEqual(sent, ["a", "b"]);
  resender.acked("b");
  resender.acked("c"); /* refused for good (too long): it leaves, nothing is left to send */
  assert.deepEqual(sent, ["a", "b", "c"]);
  assert.equal(clock.timers.size, 0);
});

test("a refusal holds the whole outbox until retry_after; no storm of the ones behind", () => {
  const { clock, sent, resender } = harness({ random: () => 0 });
  ["a", "b", "c", "d"].forEach((id) => resender.send({ client_id: id, body: id }));
  resender.retryAfter("a", 0.8);
  assert.equal(clock.timers.size, 1);
  assert.equal(clock.fire(), 800);
  assert.deepEqual(sent, ["a", "a"]);
  resender.acked("a");
  assert.deepEqual(sent, ["a", "a", "b"]);
});

test("while the socket is down nothing is resent; the reconnect sends the oldest, then the rest in turn", () => {
  const { clock, sent, state, resender } = harness();
  resender.send({ client_id: "a", body: "one" });
  resender.send({ client_id: "b", body: "two" });
  state.open = false;
  resender.pause();
  assert.equal(clock.timers.size, 0);
  resender.send({ client_id: "c", body: "typed offline" });
  assert.deepEqual(sent, ["a"]);
  state.open = true;
  resender.resume();
  assert.deepEqual(sent, ["a", "a"]);
  resender.acked("a");
  resender.acked("b");
  assert.deepEqual(sent, ["a", "a", "b", "c"]);
  assert.equal(clock.timers.size, 1);
});

test("an acknowledgement for an unknown or finished message changes nothing", () => {
  const { clock, resender } = harness();
  resender.acked("nope");
  resender.retryAfter("nope", 3);
  assert.equal(clock.timers.size, 0);
});
