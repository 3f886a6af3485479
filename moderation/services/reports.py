"""Reports: a member reports a post, a thread, a chat message or a member."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from community.ratelimit import rate_limit_allow
from community.textcheck import check_storable
from groups.models import SupportGroup

from ..models import REASON_BITS, QueueItem, Reason, Report
from ..permissions import check_can_report
from .items import notify_reviewers_of_new_item, open_item

REPORTS_PER_HOUR = 20

_REASON_PRIORITY = {
    Reason.RISK_OF_HARM.value: QueueItem.Priority.SAFETY,
    Reason.HARASSMENT.value: QueueItem.Priority.HIGH,
    Reason.UNSAFE_ADVICE.value: QueueItem.Priority.HIGH,
    Reason.SPAM.value: QueueItem.Priority.NORMAL,
    Reason.OTHER.value: QueueItem.Priority.NORMAL,
}


def _check_report_rate(reporter) -> None:
    """The site's one rate limiter; ``community.errors`` answers ``code="rate_limited"`` with
    a 429 and ``Retry-After``."""
    allowed, retry_after = rate_limit_allow(
        scope="report", key=reporter.pk, limit=REPORTS_PER_HOUR, period=3600
    )
    if not allowed:
        raise ValidationError(
            _("You have sent many reports in the last hour. Please wait a little and try again."),
            code="rate_limited",
            params={"retry_after": retry_after},
        )


@transaction.atomic
def report_create(
    *, reporter, target, reason: str, note: str = "", group: SupportGroup | None = None
) -> Report:
    """A member reports a post, a thread, a chat message or a member (``group`` says where).

    Reports on one target gather into one open queue item with a count. A second report by
    the same member updates theirs instead of counting twice.
    """
    group = check_can_report(reporter=reporter, target=target, group=group)
    if reason not in REASON_BITS:
        raise ValidationError(_("Please choose a reason for the report."))
    note = (note or "").strip()[:1000]
    check_storable(note, field="note")
    _check_report_rate(reporter)
    priority = _REASON_PRIORITY[reason]
    item, created = open_item(target=target, source=QueueItem.Source.REPORT, priority=priority)
    if item.group_id is None:
        item.group = group
    report, report_created = Report.objects.get_or_create(
        item=item, reporter=reporter, defaults={"reason": reason, "note": note}
    )
    if not report_created:
        report.reason = reason
        report.note = note or report.note
        report.save(update_fields=["reason", "note"])
    was_safety = item.is_safety
    item.reason_mask |= REASON_BITS[reason]
    item.report_count = item.reports.count()
    item.priority = min(item.priority, priority)
    if item.source != QueueItem.Source.REPORT and item.report_count:
        item.source = QueueItem.Source.REPORT
    item.save(update_fields=["group", "reason_mask", "report_count", "priority", "source"])
    if created or (item.is_safety and not was_safety):
        notify_reviewers_of_new_item(item)
    return report
