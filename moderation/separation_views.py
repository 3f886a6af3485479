"""Thin views for safety requests: a member asks (under ``/me/keep-apart/``), a moderator
reviews (``/moderation/separations/<id>/``). The rules live in ``moderation.separation``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from community.accounts.forms_privacy import PseudonymForm, SeparationRequestForm
from community.accounts.selectors import keep_apart_for, separation_requests_for
from community.errors import service_call
from community.http import post_only

from .gates import moderator_required
from .separation import (
    separation_decline,
    separation_end,
    separation_enforce,
    separation_for_review,
    separation_request_create,
    separation_withdraw,
    shared_groups,
)

REQUEST_SENT = gettext_lazy(
    "Your request is with the moderators. Nobody else is told, and the person you named is "
    "never told."
)


def keep_apart_page(request, *, form=None, request_form=None, status=200):
    """The member's keep-apart list and their safety requests, on one page."""
    return render(
        request,
        "accounts/keep_apart.html",
        {
            "form": form or PseudonymForm(),
            "request_form": request_form or SeparationRequestForm(),
            "entries": keep_apart_for(user=request.user),
            "requests": separation_requests_for(user=request.user),
        },
        status=status,
    )


@login_required
@post_only(to="accounts:keep_apart")
def request_create(request):
    form = SeparationRequestForm(request.POST)
    if not form.is_valid():
        return keep_apart_page(request, request_form=form, status=400)
    with service_call(form=form, fields={"self": "pseudonym", "required": "pseudonym"}) as call:
        separation_request_create(
            requester=request.user,
            pseudonym=form.cleaned_data["pseudonym"],
            note=form.cleaned_data["note"],
        )
    if call.refused:
        return call.respond(keep_apart_page(request, request_form=form))
    messages.success(request, REQUEST_SENT)
    return redirect("accounts:keep_apart")


@login_required
@post_only(to="accounts:keep_apart")
def request_withdraw(request, pk):
    separation_withdraw(user=request.user, pk=pk)
    messages.success(request, _("Your request is withdrawn."))
    return redirect("accounts:keep_apart")


DECISIONS = {
    "enforce": (
        separation_enforce,
        gettext_lazy("The separation is in place. Neither person is told."),
    ),
    "decline": (
        separation_decline,
        gettext_lazy("The request is declined. The member has been told."),
    ),
    "end": (separation_end, gettext_lazy("The separation has ended.")),
}


@moderator_required
def review(request, pk):
    separation = separation_for_review(user=request.user, pk=pk)
    if request.method == "POST":
        decision = DECISIONS.get(request.POST.get("action", ""))
        if decision is None:
            messages.error(request, _("Unknown action."))
        else:
            service, done = decision
            with service_call(request=request) as call:
                service(
                    actor=request.user,
                    request=separation,
                    reason=(request.POST.get("reason") or "")[:500],
                )
            if not call.refused:
                messages.success(request, done)
        return redirect("moderation:separation", pk=separation.pk)
    return render(
        request,
        "moderation/separation.html",
        {"separation": separation, "shared_groups": shared_groups(separation)},
    )
