"""Do what a person does on a page, with the pointer or with the keyboard alone.

Every journey runs twice: once with clicks, once with ``Tab``/``Shift+Tab`` to move and
``Enter``/``Space`` to act, typing into fields (and into a select, which picks the option
by its name), and the arrow keys only inside a group of radio buttons, as a keyboard user
must. In keyboard mode every element used must be reachable that way and show a visible
focus indicator, so a journey that passes with the keyboard proves both along its path.
"""

INPUT_MODES = ["pointer", "keyboard"]

# Where the focus stands relative to the target: on it, or which way Tab must go.
_FOCUS_DIRECTION = """
(target) => {
  const active = document.activeElement;
  if (active === target) { return "here"; }
  if (!active || active === document.body || active === document.documentElement) {
    return "forward";
  }
  const position = active.compareDocumentPosition(target);
  const following = Boolean(position & Node.DOCUMENT_POSITION_FOLLOWING);
  // Inside a group of radio buttons, Tab leaves the group: the arrow keys move within it.
  const radio = (el) => el.tagName === "INPUT" && el.type === "radio";
  const sameGroup = active.name === target.name && active.form === target.form;
  if (radio(active) && radio(target) && sameGroup) {
    return following ? "down" : "up";
  }
  return following ? "forward" : "back";
}
"""

_FOCUS_IS_VISIBLE = """
(el) => {
  const style = getComputedStyle(el);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const shadow = style.boxShadow && style.boxShadow !== "none";
  const rect = el.getBoundingClientRect();
  return { indicator: outline || shadow, onScreen: rect.width > 0 && rect.height > 0 };
}
"""


_LEADS_TO_ANOTHER_PAGE = """
(el) => {
  if (el.tagName !== "A" || !el.href || el.hasAttribute("download")) { return false; }
  const url = new URL(el.href, location.href);
  return !(url.pathname === location.pathname && url.search === location.search && url.hash);
}
"""


class Person:
    """Acts on ``page`` with the pointer or the keyboard, as ``mode`` says."""

    def __init__(self, page, mode: str, *, max_tabs: int = 200):
        assert mode in INPUT_MODES
        self.page = page
        self.mode = mode
        self.max_tabs = max_tabs
        self.tabs_pressed = 0

    @property
    def keyboard(self) -> bool:
        return self.mode == "keyboard"

    def focus(self, locator) -> None:
        """Keyboard: Tab (or Shift+Tab) until the element has the focus; check that it shows."""
        locator.wait_for(state="visible")
        handle = locator.element_handle()
        for _ in range(self.max_tabs):
            where = self.page.evaluate(_FOCUS_DIRECTION, handle)
            if where == "here":
                break
            key = {"forward": "Tab", "back": "Shift+Tab", "down": "ArrowDown", "up": "ArrowUp"}
            self.page.keyboard.press(key[where])
            self.tabs_pressed += 1
        else:
            raise AssertionError(f"{locator} cannot be reached with Tab/Shift+Tab")
        shown = self.page.evaluate(_FOCUS_IS_VISIBLE, handle)
        assert shown["onScreen"], f"{locator} takes the focus while it is not on screen"
        assert shown["indicator"], f"{locator} has the focus but shows no focus indicator"

    def click(self, locator) -> None:
        """Follow a link or press a button: a click, or Tab to it and Enter.

        Enter on a link to another page waits for that page, as a click does.
        """
        if not self.keyboard:
            locator.click()
            return
        self.focus(locator)
        navigates = locator.evaluate(_LEADS_TO_ANOTHER_PAGE)
        if navigates:
            with self.page.expect_navigation():
                self.page.keyboard.press("Enter")
        else:
            self.page.keyboard.press("Enter")

    def press(self, locator) -> None:
        """Press a button (or toggle a disclosure): a click, or Tab to it and Space."""
        if self.keyboard:
            self.focus(locator)
            self.page.keyboard.press("Space")
        else:
            locator.click()

    def check(self, locator) -> None:
        """Tick a checkbox or choose a radio button: a click, or Tab to it and Space."""
        if self.keyboard:
            self.focus(locator)
            if not locator.is_checked():
                self.page.keyboard.press("Space")
            assert locator.is_checked()
        else:
            locator.check()

    def fill(self, locator, text: str) -> None:
        """Type into a field: fill it, or Tab to it and type (empty fields only)."""
        if self.keyboard:
            self.focus(locator)
            assert locator.input_value() == "", "keyboard fill expects an empty field"
            self.page.keyboard.type(text)
        else:
            locator.fill(text)

    def choose(self, locator, label: str) -> None:
        """Pick an option of a select: select it, or Tab to it and type the option's name."""
        if self.keyboard:
            self.focus(locator)
            self.page.keyboard.type(label)
            chosen = locator.evaluate("el => el.options[el.selectedIndex].textContent.trim()")
            assert chosen == label, f"typing {label!r} chose {chosen!r}"
        else:
            locator.select_option(label=label)

    def submit(self, locator) -> None:
        """Submit a form from its submit button, then wait for the next page."""
        with self.page.expect_navigation():
            self.click(locator)
