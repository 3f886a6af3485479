"""Whole-page checks for the stored-XSS sweep.

``xss_corpus.assert_no_active_content`` judges a fragment that holds a member's text. A whole
page has its own scripts, forms and links, so here the page is parsed as a browser would and
held to what our templates allow: scripts only from ``/static/``, no ``<style>``, no ``style``
or ``on*`` attributes, no ``javascript:``-like URLs, no frames, objects or ``<base>``. Then each
container of member text (``.post-body``, ``.chat-message-body`` ...) is cut out and held to
the stricter fragment rule.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

import html5lib

from tests.security.xss_corpus import find_active_content, url_scheme

PAGE_FORBIDDEN_TAGS = {
    "style",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "svg",
    "math",
    "portal",
    "template",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "poster", "data", "background", "ping"}
SAFE_PAGE_SCHEMES = {"", "http", "https", "mailto"}
MEMBER_TEXT_CLASSES = ("post-body", "chat-message-body", "report-note", "member-text")


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1].lower()


def parse_page(html: str) -> Element:
    return html5lib.parse(html, treebuilder="etree", namespaceHTMLElements=False)


def page_problems(html: str) -> list[str]:
    problems: list[str] = []
    root = parse_page(html)
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        tag = _local(element.tag)
        if tag in PAGE_FORBIDDEN_TAGS:
            problems.append(f"<{tag}> on the page")
        if tag == "script":
            src = element.get("src", "")
            if element.get("type") not in ("application/json",) and (
                not src.startswith("/static/") or (element.text or "").strip()
            ):
                problems.append(f"script not from /static/: src={src!r}")
        if tag == "meta" and element.get("http-equiv"):
            problems.append("<meta http-equiv> on the page")
        for raw_name, value in element.attrib.items():
            name = _local(raw_name)
            if name.startswith("on"):
                problems.append(f"event handler {name}= on <{tag}>")
            if name in ("style", "srcdoc"):
                problems.append(f"{name}= on <{tag}>")
            if name in URL_ATTRIBUTES and url_scheme(value) not in SAFE_PAGE_SCHEMES:
                problems.append(f"URL {value[:60]!r} in {name}= on <{tag}>")
    for container in member_text_containers(root):
        fragment = html5lib.serialize(container, tree="etree", omit_optional_tags=False)
        problems += [f"in .{container.get('class')}: {p}" for p in find_active_content(fragment)]
    return problems


def member_text_containers(root: Element) -> list[Element]:
    found = []
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        classes = (element.get("class") or "").split()
        if any(name in classes for name in MEMBER_TEXT_CLASSES):
            found.append(element)
    return found
