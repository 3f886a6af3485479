"""What every form a member writes in does: limits shown, never silently enforced, and the
first field with an error focused.

A ``maxlength`` attribute makes the browser cut pasted text without a word (a 25,000-character
post became 20,000). Forms using :class:`LimitsShownMixin` carry the limit as ``data-limit``
instead: ``static/js/limits.js`` shows a counter beside the field, and the server refuses
over-long text with a clear message while the form keeps every character.

The first field with an error gets ``autofocus`` (Django already marks it ``aria-invalid`` and
points ``aria-describedby`` at the message), so the page opens on the error, not at the top.
"""

from django import forms

LIMITED_WIDGETS = (forms.TextInput, forms.Textarea)


class LimitsShownMixin:
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            show_limit(field)

    def add_error(self, field, error):
        super().add_error(field, error)
        self.focus_first_error()

    def focus_first_error(self) -> None:
        """Autofocus the first field with an error, or the first text field for form errors."""
        target = None
        for name, field in self.fields.items():
            field.widget.attrs.pop("autofocus", None)
            if target is None and name in self.errors and not field.widget.is_hidden:
                target = field
        if target is None and self.non_field_errors():
            target = next(
                (f for f in self.fields.values() if isinstance(f.widget, LIMITED_WIDGETS)), None
            )
        if target is not None:
            target.widget.attrs["autofocus"] = True


def show_limit(field) -> None:
    """Turn a field's ``maxlength`` into ``data-limit`` (the counter's, not the browser's)."""
    limit = getattr(field, "max_length", None)
    if not limit or not isinstance(field.widget, LIMITED_WIDGETS):
        return
    if isinstance(field.widget, forms.PasswordInput):
        return
    field.widget.attrs.pop("maxlength", None)
    field.widget.attrs["data-limit"] = str(limit)
