"""The one way to write the audit log."""

from .models import AuditEntry


def audit_record(
    *,
    actor,
    action: str,
    target=None,
    target_label: str = "",
    group=None,
    reason: str = "",
) -> AuditEntry:
    """Append an entry. ``target_label`` describes the target; never pass member-written text."""
    return AuditEntry.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_name=getattr(actor, "username", "") or "system",
        action=action,
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_label=target_label or (f"{target._meta.verbose_name} {target.pk}" if target else ""),
        group=group,
        group_name=group.name if group is not None else "",
        reason=reason,
    )
