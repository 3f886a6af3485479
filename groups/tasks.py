"""Groups' periodic work, run by the task workers' scheduler (no cron)."""

from django.utils.translation import gettext_lazy as _

from jobs.backend import durable_task

from .services import seat_offers_expire_due


@durable_task(label=_("Pass on expired seat offers"))
def expire_seat_offers() -> int:
    return seat_offers_expire_due()
