/* Drafts kept on the server while a member writes (drafts app): a reload, a Quick exit, an
 * expired session or another device never costs them their words.
 *
 * Forms marked data-draft-form carry their place (draft_place); their body and title are saved
 * a moment after typing stops, and once more as the page is left. The server restores a draft
 * into the box when the page is built and forgets it when the words are posted. */
(function () {
  "use strict";

  var body = document.body;
  var url = body.getAttribute("data-drafts-url");
  var forms = Array.prototype.slice.call(document.querySelectorAll("form[data-draft-form]"));
  if (!url || !forms.length) { return; }

  var QUIET_MS = 800;
  var LONGEST_WAIT_MS = 4000;

  function token() {
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function fieldsOf(form) {
    return {
      place: form.elements.draft_place ? form.elements.draft_place.value : "",
      title: form.elements.title ? form.elements.title.value : "",
      body: form.elements.body ? form.elements.body.value : ""
    };
  }

  function formData(form) {
    var fields = fieldsOf(form);
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token());
    data.append("place", fields.place);
    data.append("title", fields.title);
    data.append("body", fields.body);
    return data;
  }

  function say(form, text) {
    var status = form.querySelector("[data-draft-status]");
    if (status) { status.textContent = text; }
  }

  function Saver(form) {
    this.form = form;
    this.timer = null;
    this.firstChange = 0;
    this.dirty = false;
    this.leaving = false;
  }

  Saver.prototype.changed = function () {
    var self = this;
    var now = Date.now();
    if (!this.dirty) { this.firstChange = now; }
    this.dirty = true;
    window.clearTimeout(this.timer);
    var wait = Math.max(0, Math.min(QUIET_MS, this.firstChange + LONGEST_WAIT_MS - now));
    this.timer = window.setTimeout(function () { self.save(); }, wait);
  };

  Saver.prototype.save = function () {
    var self = this;
    window.clearTimeout(this.timer);
    if (!this.dirty) { return; }
    this.dirty = false;
    fetch(url, { method: "POST", body: formData(this.form), credentials: "same-origin", keepalive: true })
      .then(function (response) {
        if (response.status === 204) {
          self.failures = 0;
          say(self.form, fieldsOf(self.form).body.trim() ? body.getAttribute("data-draft-saved") : "");
        } else if (response.status === 401 || response.status === 403) {
          say(self.form, body.getAttribute("data-draft-signed-out"));
        } else if (response.status === 400) {
          say(self.form, body.getAttribute("data-draft-too-long"));
        } else {
          self.retryLater();
        }
      })
      .catch(function () { self.retryLater(); });
  };

  /* A save that failed (the server busy or unreachable) is tried again, waiting longer each
   * time, until one goes through: the member does not have to type again for it. */
  Saver.prototype.retryLater = function () {
    var self = this;
    this.dirty = true;
    say(this.form, body.getAttribute("data-draft-failed"));
    this.failures = (this.failures || 0) + 1;
    var wait = Math.min(30000, 1000 * Math.pow(2, this.failures - 1)) * (0.5 + Math.random() / 2);
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.save(); }, wait);
  };

  /* As the page goes away, one last save that outlives it. */
  Saver.prototype.flush = function () {
    window.clearTimeout(this.timer);
    if (!this.dirty || this.leaving) { return; }
    this.dirty = false;
    if (!(navigator.sendBeacon && navigator.sendBeacon(url, formData(this.form)))) {
      fetch(url, { method: "POST", body: formData(this.form), credentials: "same-origin", keepalive: true });
    }
  };

  var savers = forms.map(function (form) {
    var saver = new Saver(form);
    ["input", "draft:changed"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        var name = event.target && event.target.name;
        if (name === "body" || name === "title") { saver.changed(); }
      });
    });
    /* Words typed before this script ran (a slow phone, a page still loading) count too. */
    ["body", "title"].forEach(function (name) {
      var field = form.elements[name];
      if (field && field.value !== field.defaultValue) { saver.changed(); }
    });
    return saver;
  });

  /* A form really sent is the server's to clear; a form whose script handles the send (the
   * chat) prevents the default and keeps being saved. This runs after the form's own
   * listeners, so defaultPrevented tells the two apart. */
  document.addEventListener("submit", function (event) {
    savers.forEach(function (saver) {
      if (saver.form === event.target && !event.defaultPrevented) {
        window.clearTimeout(saver.timer);
        saver.leaving = true;
      }
    });
  });

  function flushAll() { savers.forEach(function (saver) { saver.flush(); }); }
  window.addEventListener("pagehide", flushAll);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") { flushAll(); }
  });

  /* For Quick exit: everything written so far, sent with its one sign-out beacon. */
  window.communityDrafts = {
    flush: flushAll,
    collect: function () {
      return savers.map(function (saver) { saver.leaving = true; window.clearTimeout(saver.timer); return fieldsOf(saver.form); });
    }
  };
})();
