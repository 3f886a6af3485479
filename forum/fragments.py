"""A thread page's posts, each rendered once per way it can look and then served from cache.

Rendering twenty posts through the template is most of a thread page's cost. What one post
looks like is decided entirely by the values ``_decorate`` worked out for this viewer (their
reactions, whether they may edit it, whether they blocked its author…) plus the page's own
(language, time zone, address, whether the viewer facilitates). The cache key is a digest of
exactly those values and of the template files themselves, so two viewers share a fragment
only when they would have been shown the same markup, and any change to a post, a reaction,
a permission or the templates gives a new key: nothing is ever invalidated, nothing is stale.

The CSRF field differs per viewer: fragments hold a marker in its place, filled in per page.
"""

import hashlib
from functools import lru_cache
from pathlib import Path

from django.core.cache import cache
from django.template import Context
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe

TEMPLATE = "groups/includes/post.html"
TEMPLATES_READ = (TEMPLATE, "groups/includes/post_body.html")
CSRF_MARKER = "\x00csrf\x00"
#: Fragments are keyed by content, so they may live long; a day keeps the cache small.
FRAGMENT_SECONDS = 24 * 60 * 60


@lru_cache(maxsize=1)
def _templates_digest() -> str:
    digest = hashlib.blake2b(digest_size=8)
    for name in TEMPLATES_READ:
        digest.update(Path(get_template(name).origin.name).read_bytes())
    return digest.hexdigest()


def _post_key(post, *, viewer_id, page_values: tuple) -> str:
    reactions = tuple((r["kind"], r["count"], r["mine"]) for r in post.reaction_summary)
    values = (
        post.pk,
        post.body_html,
        post.content_warning,
        post.edited_at,
        post.hidden_at,
        post.removed_at,
        post.held_for_review,
        getattr(post, "revision_count", None),
        post.author_id == viewer_id,
        post.author_id,
        post.author.username if post.author_id else "",
        post.author_name,
        getattr(post, "author_facilitates", False),
        post.author_blocked,
        post.can_block_author,
        post.can_edit,
        post.created_display,
        reactions,
        page_values,
    )
    digest = hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()
    return f"post-fragment:{_templates_digest()}:{digest}"


def render_posts(request, posts, *, last_read: int, can_facilitate: bool, page, csrf_input):
    """The posts' HTML, in order: fragments from the cache, the rest rendered and stored."""
    user = request.user
    page_values = (
        translation.get_language(),
        timezone.get_current_timezone_name(),
        # The path and page only: any query string would make new keys without end (and
        # the cache is the Redis that also carries the chat).
        request.path,
        page.number,
        can_facilitate,
        user.is_authenticated,
    )
    keys = [
        _post_key(post, viewer_id=user.pk, page_values=(*page_values, post.pk > last_read))
        for post in posts
    ]
    found = cache.get_many(keys)
    template = get_template(TEMPLATE).template
    missing = {}
    fragments = []
    for post, key in zip(posts, keys, strict=True):
        html = found.get(key)
        if html is None:
            context = Context(
                {
                    "post": post,
                    "last_read": last_read,
                    "can_facilitate": can_facilitate,
                    "page": page,
                    "request": request,
                    "user": user,
                    "csrf_input": mark_safe(CSRF_MARKER),  # noqa: S308 - a fixed marker
                },
                autoescape=True,
            )
            html = missing[key] = str(template.render(context))
        fragments.append(html)
    if missing:
        cache.set_many(missing, FRAGMENT_SECONDS)
    return [SafeString(html.replace(CSRF_MARKER, csrf_input)) for html in fragments]
