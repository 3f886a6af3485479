"""Content's periodic work: Wagtail's scheduled publishing, run by the scheduler (no cron)."""

import io

from django.core.management import call_command
from django.utils.translation import gettext_lazy as _

from jobs.backend import durable_task


@durable_task(label=_("Publish scheduled pages"))
def publish_scheduled() -> None:
    """Wagtail's own command (idempotent: it publishes what is due and unpublishes what expired);
    its report of page titles is not logged."""
    call_command("publish_scheduled", stdout=io.StringIO())
