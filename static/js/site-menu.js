/* The phone header: the main links and the search fold behind one "Menu" button, so the
 * header takes one row and the page's own content (the chat box, say) starts on the first
 * screen. Without JavaScript, or wider than a phone, everything shows as before. */
(function () {
  "use strict";
  var header = document.querySelector(".site-header");
  var toggle = document.querySelector("[data-menu-toggle]");
  var menu = document.querySelector("[data-site-menu]");
  if (!header || !toggle || !menu) { return; }
  header.classList.add("has-menu-toggle");
  toggle.hidden = false;

  function setOpen(open) {
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }

  toggle.addEventListener("click", function () {
    setOpen(toggle.getAttribute("aria-expanded") !== "true");
  });
  menu.addEventListener("keydown", function (event) {
    /* Esc folds the menu back (and still counts towards Quick exit's double Esc). */
    if (event.key === "Escape" && header.classList.contains("menu-open")) {
      setOpen(false);
      toggle.focus();
    }
  });
})();
