"""When someone may be at risk: alert the people who can help, at once and after commit.

The group's facilitators and the moderators get a high-priority notification (live and by
email). A "worried about this member" report goes to moderators alone and never sends
anything to the member it is about.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.accounts.models import MODERATORS_GROUP
from notifications.models import Notification
from notifications.services import notification_create

from .crisis import assess
from .models import SafetyAlert

CHECKIN_TEMPLATE = gettext_lazy(
    "Hi %(name)s, I noticed your message and wanted to check in. How are you doing right now? "
    "I'm here to listen, and if you'd like, I can share some support lines that are open now."
)


def moderators():
    user_model = get_user_model()
    return user_model.objects.filter(
        Q(is_staff=True) | Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP), is_active=True
    ).distinct()


def safety_responders(*, group, moderators_only: bool):
    from groups.models import Membership

    responders = {user.pk: user for user in moderators()}
    if group is not None and not moderators_only:
        for membership in (
            Membership.objects.facilitators().filter(group=group).select_related("user")
        ):
            responders.setdefault(membership.user_id, membership.user)
    return list(responders.values())


@transaction.atomic
def safety_alert_raise(
    *,
    subject,
    group,
    source: str,
    source_id: str = "",
    source_url: str = "",
    categories: tuple[str, ...] = (),
    moderators_only: bool = False,
) -> SafetyAlert:
    alert = SafetyAlert.objects.create(
        subject=subject,
        subject_name=subject.username,
        group=group,
        source=source,
        source_id=str(source_id),
        source_url=source_url,
        categories=",".join(categories),
        moderators_only=moderators_only,
    )
    where = group.name if group is not None else _("the site")
    text = _("Safety alert: %(name)s may need support (%(where)s). Please check in.") % {
        "name": subject.username,
        "where": where,
    }
    for responder in safety_responders(group=group, moderators_only=moderators_only):
        if responder.pk == subject.pk:
            continue
        notification_create(
            recipient=responder,
            kind=Notification.Kind.SAFETY_ALERT,
            text=text,
            url=f"/moderation/safety/#alert-{alert.pk}",
            group=group,
            priority=Notification.Priority.HIGH,
            force_email=True,
        )
    return alert


def crisis_check_and_alert(
    *, author, text: str, group, source: str, source_id: str = "", source_url: str = ""
) -> bool:
    """Run the one crisis detector over member text; on a hit, raise the safety alert.

    Returns True when the author should see the calm resources panel. The text is posted
    either way: people in crisis are not silenced.
    """
    assessment = assess(text)
    if not assessment.is_crisis:
        return False
    safety_alert_raise(
        subject=author,
        group=group,
        source=source,
        source_id=source_id,
        source_url=source_url,
        categories=assessment.categories,
    )
    return True
