from django.apps import AppConfig


class ForumConfig(AppConfig):
    """The forum's behaviour: writing, reading and moderating threads and posts.

    Its tables are ``groups.forum_models`` (a post belongs to its group, and the migrations
    live there); this app holds the services, views and forms that use them, one layer above
    the moderation kernel they call (docs/architecture.md).
    """

    name = "forum"
    verbose_name = "Forum"
