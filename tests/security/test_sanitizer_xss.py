"""The site's one sanitizer against the stored-XSS corpus, an nh3 oracle and random input.

No database and no Django settings: run with ``pytest -p no:django tests/security``.
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from community.sanitize import (
    _LINKIFY_URL_RE,
    ALLOWED_ATTRIBUTES,
    ALLOWED_PROTOCOLS,
    ALLOWED_TAGS,
    LINK_REL,
    _markdown_to_html,
    _normalize,
    _plain_to_html,
    clean_user_html,
    render_markdown,
    render_plain,
)
from tests.security.xss_corpus import (
    URL_ATTRIBUTES,
    _attribute_name,
    _local_name,
    assert_no_active_content,
    find_active_content,
    iter_elements,
    load_payloads,
    parse_fragment,
    url_scheme,
)

PAYLOADS = load_payloads()
PAYLOAD_IDS = [f"payload{index:04d}" for index in range(len(PAYLOADS))]

RENDERERS = {
    "clean_user_html": clean_user_html,
    "render_markdown": render_markdown,
    "render_plain": render_plain,
}

# What each renderer hands to the sanitizer stage, so nh3 sees exactly what bleach sees.
SANITIZER_INPUT = {
    "clean_user_html": _normalize,
    "render_markdown": _markdown_to_html,
    "render_plain": _plain_to_html,
}


def nh3_clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=set(ALLOWED_TAGS),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(ALLOWED_PROTOCOLS),
        link_rel=LINK_REL,
        strip_comments=True,
    )


def is_linkify_shaped(element) -> bool:
    """An ``<a>`` exactly as linkify makes it from a bare URL: http(s), text equal to the URL."""
    if _local_name(element.tag) != "a" or set(element.attrib) != {"href", "rel"}:
        return False
    text = "".join(element.itertext())
    href = element.get("href")
    return (
        _LINKIFY_URL_RE.fullmatch(text) is not None
        and href in (text, f"http://{text}")
        and url_scheme(href) in ("http", "https")
        and element.get("rel") == LINK_REL
    )


def features(html: str, *, skip_linkified: bool = False) -> set[tuple[str, ...]]:
    """Elements, (element, attribute) pairs and URL schemes in the parsed tree of ``html``."""
    found: set[tuple[str, ...]] = set()
    for element in iter_elements(parse_fragment(html)):
        if skip_linkified and is_linkify_shaped(element):
            continue
        tag = _local_name(element.tag)
        found.add(("element", tag))
        for raw_name, value in element.attrib.items():
            name = _attribute_name(raw_name)
            found.add(("attribute", tag, name))
            if name in URL_ATTRIBUTES:
                found.add(("scheme", url_scheme(value) or "relative"))
    return found


def features_beyond_oracle(renderer_name: str, text: str) -> set[tuple[str, ...]]:
    """Features in our rendered output that nh3, given the same sanitizer input, would not keep.

    nh3 has no linkifier, so links shaped exactly as linkify makes them from a bare http(s) URL
    are left out of our side; everything else must be a subset of nh3's output.
    """
    oracle = features(nh3_clean(SANITIZER_INPUT[renderer_name](text)))
    return features(RENDERERS[renderer_name](text), skip_linkified=True) - oracle


# --- the corpus itself --------------------------------------------------------------------


def test_corpus_holds_at_least_500_distinct_payloads():
    assert len(PAYLOADS) >= 500
    assert len(set(PAYLOADS)) == len(PAYLOADS)


def test_corpus_decodes_escapes_and_keeps_other_backslashes():
    assert "<script\n>alert(1)</script>" in PAYLOADS
    assert '<a href="java\x00script:alert(1)">click</a>' in PAYLOADS
    assert "# <script>alert(1)</script>" in PAYLOADS
    assert any("\ud800" in payload for payload in PAYLOADS)
    assert "<script>\\u0061lert(1)</script>" in PAYLOADS


@pytest.mark.parametrize(
    "html",
    [
        "<img src=x>",
        "<svg></svg>",
        "<math></math>",
        "<p onclick=alert(1)>x</p>",
        "<p style=color:red>x</p>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href="JaVa&#x09;ScRiPt:alert(1)">x</a>',
        '<a href="&amp;#106;avascript:alert(1)">x</a>',
        '<a href=" \x01javascript:alert(1)">x</a>',
        '<a href="java\u200bscript:alert(1)">x</a>',
        '<a href="data:text/html,x">x</a>',
        '<a href="vbscript:x">x</a>',
        '<a href="ｊａｖａｓｃｒｉｐｔ：alert(1)">x</a>',
        '<svg><a xlink:href="javascript:alert(1)">x</a></svg>',
        '<p cite="javascript:alert(1)">x</p>',
        '<iframe srcdoc="x"></iframe>',
        "<form action=/x></form>",
        "<base href=/>",
        "<template><p>x</p></template>",
    ],
)
def test_assert_no_active_content_catches_known_bad_html(html):
    assert find_active_content(html)
    with pytest.raises(AssertionError):
        assert_no_active_content(html)


@pytest.mark.parametrize(
    "html",
    [
        "<p>Hello <strong>there</strong></p>",
        f'<a href="https://example.org/x?a=1&amp;b=2" rel="{LINK_REL}">x</a>',
        '<a href="mailto:someone@example.org">mail</a>',
        '<a href="/groups/abc/">relative</a>',
        '<a href="#top">fragment</a>',
        "&lt;script&gt;alert(1)&lt;/script&gt;",
    ],
)
def test_assert_no_active_content_accepts_inert_html(html):
    assert_no_active_content(html)


# --- every payload through every renderer --------------------------------------------------


@pytest.mark.parametrize("renderer_name", sorted(RENDERERS))
@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_payload_renders_without_active_content(payload, renderer_name):
    assert_no_active_content(RENDERERS[renderer_name](payload))


# Inputs where bleach (html5lib) and nh3 (html5ever) legitimately build different trees: each is
# listed with the exact extra features our output may have, so any other difference still fails.
# bleach strips a disallowed raw-text element (noscript, xmp) or a foreign-content wrapper
# (svg, math) and then parses what was inside it as ordinary HTML, while nh3 keeps the original
# parsing context and drops it all. The extras are empty allowlisted elements with no attributes.
_PARSER_CONTEXT = "html5lib and html5ever parse noscript/xmp/foreign content differently"
KNOWN_DIVERGENCES: dict[tuple[str, str], tuple[frozenset[tuple[str, ...]], str]] = {
    (
        "clean_user_html",
        '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    ): (frozenset({("element", "p")}), _PARSER_CONTEXT),
    (
        "clean_user_html",
        '<xmp><p title="</xmp><svg/onload=alert(1)>">',
    ): (frozenset({("element", "p")}), _PARSER_CONTEXT),
    (
        "clean_user_html",
        "<svg><foreignobject><p><style><img src=x onerror=alert(1)></style>",
    ): (frozenset({("element", "p")}), _PARSER_CONTEXT),
    (
        "clean_user_html",
        '<math><mtext><h1><a><h6></a></h6><mglyph><svg><mtext><style><a title="</style>'
        '<img src onerror=alert(1)>"></style></h1>',
    ): (frozenset({("element", "h6")}), _PARSER_CONTEXT),
}


def test_known_divergences_are_all_in_the_corpus():
    assert {payload for _, payload in KNOWN_DIVERGENCES} <= set(PAYLOADS)


@pytest.mark.parametrize("renderer_name", sorted(RENDERERS))
@pytest.mark.parametrize("payload", PAYLOADS, ids=PAYLOAD_IDS)
def test_output_keeps_no_element_attribute_or_scheme_that_nh3_would_remove(payload, renderer_name):
    extra = features_beyond_oracle(renderer_name, payload)
    allowed_extra, _reason = KNOWN_DIVERGENCES.get((renderer_name, payload), (frozenset(), ""))
    assert extra <= allowed_extra, f"{renderer_name} kept {sorted(extra)} that nh3 removes"


# --- behaviour ------------------------------------------------------------------------------


def _links(html: str):
    return [el for el in iter_elements(parse_fragment(html)) if _local_name(el.tag) == "a"]


@pytest.mark.parametrize(
    ("renderer", "text"),
    [
        (render_markdown, "[guide](https://example.org/guide)"),
        (render_markdown, "<https://example.org/guide>"),
        (render_markdown, "see https://example.org/guide"),
        (render_plain, "see https://example.org/guide"),
        (render_plain, "see www.example.org"),
        (clean_user_html, '<a href="https://example.org/" rel="opener" target="_blank">x</a>'),
        (clean_user_html, "https://example.org/"),
    ],
)
def test_every_link_gets_rel_nofollow_ugc_noopener_and_only_href_title_rel(renderer, text):
    links = _links(renderer(text))
    assert links
    for link in links:
        assert link.get("rel") == "nofollow ugc noopener"
        assert set(link.attrib) <= {"href", "title", "rel"}


def test_markdown_link_keeps_its_title():
    (link,) = _links(render_markdown('[x](https://example.org "A guide")'))
    assert link.get("title") == "A guide"
    assert link.get("href") == "https://example.org"


def test_links_without_href_or_with_bad_scheme_become_plain_text():
    html = clean_user_html('<a name="x">one</a> <a href="javascript:alert(1)">two</a>')
    assert _links(html) == []
    assert "one" in html and "two" in html


def test_hostless_http_urls_are_not_kept_as_links():
    html = clean_user_html('<a href="https:javascript:alert(1)">a</a><a href="http:x">b</a>')
    assert _links(html) == []


def test_fullwidth_or_zero_width_schemes_are_not_kept_as_links():
    html = clean_user_html(
        '<a href="ｊａｖａｓｃｒｉｐｔ：x">a</a><a href="java\u200bscript:x">b</a>'
    )
    assert _links(html) == []


def test_bare_data_or_javascript_text_is_not_linkified():
    html = render_plain("data:text/html,hello javascript:alert(1) vbscript:x")
    assert _links(html) == []


def test_code_is_not_linkified():
    html = render_markdown("`https://example.org`\n\n```\nhttps://example.org\n```")
    assert _links(html) == []


def test_images_are_removed_from_html():
    html = clean_user_html('<p>before <img src="https://example.org/a.png" alt="a"> after</p>')
    assert "<img" not in html
    assert html == "<p>before  after</p>"


def test_markdown_images_become_links_not_embeds():
    html = render_markdown("![a photo](https://example.org/a.png)")
    assert "<img" not in html
    (link,) = _links(html)
    assert link.get("href") == "https://example.org/a.png"
    assert link.text == "a photo"


def test_markdown_image_with_javascript_target_is_text():
    html = render_markdown("![x](javascript:alert(1))")
    assert _links(html) == []
    assert_no_active_content(html)


def test_raw_html_in_markdown_is_shown_as_text():
    html = render_markdown("Hello <script>alert(1)</script> <b>bold</b>")
    assert html == ("<p>Hello &lt;script&gt;alert(1)&lt;/script&gt; &lt;b&gt;bold&lt;/b&gt;</p>\n")


def test_raw_html_block_in_markdown_is_shown_as_text():
    html = render_markdown('<div onclick="alert(1)">\nhi\n</div>')
    assert "&lt;div onclick=" in html
    assert_no_active_content(html)


def test_markdown_quote_renders_as_blockquote():
    html = render_markdown("> I hear you.\n> It gets easier.\n\nThank you.")
    assert html.startswith("<blockquote>\n<p>I hear you.<br>\nIt gets easier.</p>\n</blockquote>")


def test_nested_markdown_quote_renders_nested_blockquotes():
    html = render_markdown("> > first\n> second")
    assert html.count("<blockquote>") == 2


def test_markdown_lists_emphasis_code_and_strikethrough():
    html = render_markdown("- *one*\n- **two**\n\n3. `three`\n4. ~~four~~")
    assert "<ul>\n<li><em>one</em></li>\n<li><strong>two</strong></li>\n</ul>" in html
    assert '<ol start="3">' in html
    assert "<code>three</code>" in html
    assert "<del>four</del>" in html


def test_markdown_single_newline_is_a_line_break():
    assert render_markdown("one\ntwo") == "<p>one<br>\ntwo</p>\n"


def test_markdown_headings_start_at_h3():
    html = render_markdown("# One\n\n## Two\n\n###### Six")
    assert "<h3>One</h3>" in html
    assert "<h4>Two</h4>" in html
    assert "<h6>Six</h6>" in html
    assert "<h1>" not in html and "<h2>" not in html


def test_markdown_fenced_code_drops_language_class():
    html = render_markdown("```python\nprint('<b>')\n```")
    assert html == "<pre><code>print('&lt;b&gt;')\n</code></pre>\n"


def test_user_style_and_class_attributes_are_dropped():
    html = clean_user_html('<p style="color:red" class="alert" id="x" title="t">x</p>')
    assert html == "<p>x</p>"


def test_render_plain_keeps_line_breaks_and_escapes_markup():
    html = render_plain("hi <b>there</b>\n> not a quote\n*not emphasis*")
    assert html == "hi &lt;b&gt;there&lt;/b&gt;<br>\n&gt; not a quote<br>\n*not emphasis*"


def test_render_plain_strips_surrounding_blank_lines():
    assert render_plain("\n\n  hello  \n\n") == "hello"


def test_control_characters_and_lone_surrogates_are_replaced_safely():
    html = render_markdown("a\x00b\ud800c\x07d\x1be\r\nf")
    assert html == "<p>a\ufffdb\ufffdcde<br>\nf</p>\n"
    assert render_plain("a\x00\udfffb") == "a\ufffd\ufffdb"
    assert clean_user_html("<p>\x00\x08</p>") == "<p>\ufffd</p>"


def test_output_is_valid_utf8():
    for renderer in RENDERERS.values():
        renderer("\ud83d\ude00 \ud800 \U0001f600").encode("utf-8")


@pytest.mark.parametrize("renderer_name", sorted(RENDERERS))
@pytest.mark.parametrize(
    "text",
    [
        ">" * 5000 + " deep",
        "- " * 5000 + "deep",
        "*" * 5000 + "x" + "*" * 5000,
        "[" * 5000 + "x" + "](u)" * 5000,
        "<p>" * 5000 + "x",
        "<blockquote>" * 3000 + "x",
        "<a href=x>" * 2000,
        "https://example.org/ " * 2000,
        "x" * 200_000,
    ],
    ids=["quotes", "lists", "emphasis", "brackets", "p-tags", "bq-tags", "a-tags", "urls", "long"],
)
def test_pathological_input_does_not_crash(text, renderer_name):
    assert_no_active_content(RENDERERS[renderer_name](text))


def test_renderers_give_the_same_output_from_many_threads():
    texts = [f"> quote {i}\n\n*hi* https://example.org/{i} <b>{i}</b>" for i in range(200)]
    expected = [render_markdown(text) + render_plain(text) for text in texts]
    with ThreadPoolExecutor(max_workers=8) as pool:
        got = list(pool.map(lambda text: render_markdown(text) + render_plain(text), texts))
    assert got == expected


def test_non_str_input_is_refused():
    with pytest.raises(TypeError):
        render_markdown(b"bytes")  # type: ignore[arg-type]


# --- properties ---------------------------------------------------------------------------

# Any code point, with surrogates (lone halves are possible in a Python str) and control
# characters drawn often enough to matter.
ANY_TEXT = st.lists(
    st.one_of(
        st.characters(codec=None, exclude_categories=()),
        st.characters(categories=["Cs"]),
        st.characters(categories=["Cc", "Cf"]),
    ),
    max_size=300,
).map("".join)

_FRAGMENTS = [
    "<",
    ">",
    "</",
    "/>",
    "<!--",
    "-->",
    "<![CDATA[",
    "]]>",
    "'",
    '"',
    "`",
    "=",
    " ",
    "\n",
    "\t",
    "\x00",
    "&",
    "&#",
    "&#x",
    ";",
    ":",
    "script",
    "img",
    "svg",
    "math",
    "style",
    "a",
    "iframe",
    "template",
    "noscript",
    "mtext",
    "mglyph",
    "table",
    "form",
    "p",
    "blockquote",
    "href",
    "src",
    "xlink:href",
    "srcdoc",
    "onerror",
    "onload",
    "style",
    "javascript",
    "JaVaScRiPt",
    "java\tscript",
    "&#106;",
    "&#x6A",
    "&colon;",
    "data",
    "vbscript",
    "alert(1)",
    "[",
    "]",
    "(",
    ")",
    "!",
    "*",
    "_",
    "~~",
    "`",
    "> ",
    "- ",
    "1. ",
    "#",
    "\\",
    "http://",
    "https://",
    "mailto:",
    "example.org",
    "\u200b",
    "\ufeff",
    "\ud800",
    "\u202e",
    "\uff4a",
]
HTMLISH_TEXT = st.lists(st.sampled_from(_FRAGMENTS), max_size=40).map("".join)

PROPERTY_SETTINGS = settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@PROPERTY_SETTINGS
@given(text=ANY_TEXT)
def test_random_unicode_never_raises_and_is_inert(text):
    for renderer in RENDERERS.values():
        assert_no_active_content(renderer(text))


@PROPERTY_SETTINGS
@given(text=HTMLISH_TEXT)
def test_random_html_like_text_never_raises_and_is_inert(text):
    for renderer in RENDERERS.values():
        assert_no_active_content(renderer(text))


@PROPERTY_SETTINGS
@given(text=HTMLISH_TEXT)
def test_random_html_like_text_keeps_nothing_nh3_would_remove(text):
    for name in RENDERERS:
        extra = features_beyond_oracle(name, text)
        assert not extra, f"{name}: {sorted(extra)}"
