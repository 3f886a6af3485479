"""The parts of the bench data set that belong to other apps' models (forum, articles).

Each function tolerates the model not existing yet, so the harness runs while the features
land one by one; the bench report then says which target was skipped.
"""

POST_BODY = (
    "Thank you for sharing this. I recognise so much of what you describe: the checking, the "
    "replaying of conversations, the way a small delay in a reply can feel like the floor is "
    "moving. What has helped me is naming it when it happens, out loud, and then doing one "
    "ordinary thing: making tea, walking round the block. It does not fix anything, but it "
    "reminds me that I am here, now, and that I can choose what comes next.\n\n"
    "We are all at different points. Be gentle with yourself this week."
)


def seed_thread(*, group, authors, posts: int) -> str | None:
    """A thread in ``group`` with ``posts`` replies written in turn by ``authors``."""
    try:
        from groups.models import Post, Thread  # noqa: F401
    except ImportError:
        return None
    return None


def seed_articles(*, count: int) -> list[str]:
    """``count`` published guide articles; returns their URLs."""
    return []


def reset_articles() -> None:
    return None
