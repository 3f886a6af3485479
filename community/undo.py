"""A result message that carries its own "Undo" button.

After a staff action that the data lets us reverse (a mute, a hidden post, a removal), the
message that says what happened also offers to take it back: a small form posting to the
reversing action's address. The form is rendered from a template (escaped, with the CSRF
token), so the message is safe HTML; the message storages keep it marked safe.
"""

from django.contrib import messages
from django.template.loader import render_to_string


def success_with_undo(
    request, text: str, *, action: str, label: str, fields: dict | None = None
) -> None:
    """``text``, then a button labelled ``label`` that posts ``fields`` to ``action``."""
    html = render_to_string(
        "includes/undo_message.html",
        {"text": text, "undo_action": action, "undo_label": label, "undo_fields": fields or {}},
        request=request,
    )
    messages.success(request, html)
