from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background tasks"

    def ready(self) -> None:
        # The eager-after-commit hook for tests lives in the runner (a signal receiver).
        from . import runner  # noqa: F401
        from .scheduler import periodic_tasks_from_settings

        # Every process (web, worker, manage.py) stops at start-up on a malformed schedule,
        # with a message naming the entry, instead of failing later in a worker.
        periodic_tasks_from_settings()
