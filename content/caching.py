"""One version number for everything the guides show, so rendered parts can be cached safely.

An article's body, its breadcrumb and tags, and the language switcher's links are the same for
every reader until an editor publishes, unpublishes, moves, renames or deletes a page. Wagtail
announces each of those with a signal (its own publishing flow, scheduled publishing included,
is not ours to wrap), and each one gives the guides a new version; cache keys carry it, so
nothing stale is ever served and nothing needs deleting. Previews are never cached.
"""

import uuid

from django.apps import apps
from django.core.cache import cache
from django.db.models.signals import post_delete
from wagtail.models import Page
from wagtail.signals import page_published, page_slug_changed, page_unpublished, post_page_move

from community.cache_versions import shared_version, shared_version_renew

VERSION_KEY = "content:version"
#: Long enough that a busy guide renders once a day at most; a publish makes a new key anyway.
FRAGMENT_SECONDS = 24 * 60 * 60


def content_version() -> str:
    """The guides' current version."""
    return shared_version(VERSION_KEY)


def content_changed(**_signal_kwargs) -> None:
    """A page was published, unpublished, moved, renamed or deleted: every cached part is old."""
    shared_version_renew(VERSION_KEY)


def remembered(name: str, *parts, compute):
    """``compute()``'s value for these parts, kept until the guides' next change."""
    key = ":".join(["content", name, content_version(), *map(str, parts)])
    return cache.get_or_set(key, compute, FRAGMENT_SECONDS)


def fragment_cache_context(request, *, cacheable: bool = True) -> dict:
    """What a page template needs for ``{% cache fragment_seconds name … content_version %}``.

    A preview renders an unsaved revision, and a part that shows live figures (seats left)
    must not be cached: both get a timeout of 0 (never stored) and a key of their own, so they
    neither read nor write what readers are served.
    """
    if getattr(request, "is_preview", False) or not cacheable:
        return {"fragment_seconds": 0, "content_version": f"uncached-{uuid.uuid4().hex}"}
    return {"fragment_seconds": FRAGMENT_SECONDS, "content_version": content_version()}


def route_cached(root, request, path_components: list[str], *, route):
    """Wagtail's ``route`` from ``root``, remembering which page each address leads to.

    Routing walks the tree one query per level and then loads the specific page; with the
    address remembered it is one query. The page found is still checked as Wagtail checks it
    (live, its own ``route``), so an unpublished page answers 404 even before the new version
    reaches every worker.
    """
    if not path_components or getattr(request, "is_preview", False):
        return route(request, path_components)
    key = f"content:route:{root.pk}:{content_version()}:{'/'.join(path_components)}"
    remembered = cache.get(key)
    if remembered is not None:
        model_label, page_id = remembered
        page = apps.get_model(model_label).objects.filter(pk=page_id).first()
        if page is not None:
            return page.route(request, [])
    result = route(request, path_components)
    if not result.args and not result.kwargs:
        cache.set(key, (result.page._meta.label_lower, result.page.pk), FRAGMENT_SECONDS)
    return result


def connect_signals() -> None:
    page_published.connect(content_changed, dispatch_uid="content-version-published")
    page_unpublished.connect(content_changed, dispatch_uid="content-version-unpublished")
    page_slug_changed.connect(content_changed, dispatch_uid="content-version-slug")
    post_page_move.connect(content_changed, dispatch_uid="content-version-move")

    def page_deleted(sender, instance, **kwargs):
        if isinstance(instance, Page):
            content_changed()

    post_delete.connect(page_deleted, weak=False, dispatch_uid="content-version-delete")
