/* Change a crisis panel's country in place (/help/, forum, search and chat panels).
   The choice is saved by the server (the profile for members, a cookie for visitors) and the
   panel's list is replaced by the server's rendering for the new country. Without scripts, or
   if the request fails, the form posts normally and /help/ opens for the chosen country. */
(function () {
  "use strict";

  function ensureToken(form) {
    if (form.querySelector("input[name=csrfmiddlewaretoken]")) { return; }
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (!token) { return; }
    var copy = document.createElement("input");
    copy.type = "hidden";
    copy.name = "csrfmiddlewaretoken";
    copy.value = token.value;
    form.appendChild(copy);
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.matches("[data-crisis-country-form]")) { return; }
    ensureToken(form);
    var container = form.closest("[data-crisis-resources]");
    if (!container || !window.fetch) { return; }
    event.preventDefault();
    var data = new FormData(form);
    data.set("fragment", form.dataset.fragment || "panel");
    var button = form.querySelector("button[type=submit]");
    if (button) { button.disabled = true; }
    fetch(form.action, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.text();
      })
      .then(function (html) {
        var holder = document.createElement("div");
        holder.innerHTML = html;
        var fresh = holder.querySelector("[data-crisis-resources]");
        if (!fresh) { throw new Error("no panel in the answer"); }
        container.replaceWith(fresh);
        var first = fresh.querySelector("[data-first-contact] a") || fresh;
        if (first === fresh) { fresh.setAttribute("tabindex", "-1"); }
        first.focus();
      })
      .catch(function () {
        if (button) { button.disabled = false; }
        form.submit();
      });
  });
})();
