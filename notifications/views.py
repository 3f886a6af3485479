from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from community.http import post_only

from .forms import EmailPreferencesForm
from .models import Notification
from .selectors import email_preferences_for, notifications_for
from .services import email_preferences_set, notification_open, notifications_mark_read

PER_PAGE = 30


@login_required
def notification_list(request):
    page = Paginator(notifications_for(user=request.user), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@login_required
@post_only(to="accounts:notifications")
def notifications_read_all(request):
    notifications_mark_read(user=request.user)
    return redirect("accounts:notifications")


@login_required
@post_only(to="accounts:notifications")
def notification_open_view(request, notification_id):
    """Mark it read, then go where it points (only ever a path on this site)."""
    try:
        notification = notification_open(user=request.user, notification_id=notification_id)
    except Notification.DoesNotExist:
        raise Http404 from None
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts=None):
        return redirect(target)
    return redirect("accounts:notifications")


@login_required
def notification_settings(request):
    # Bound on every POST: unticking every box sends no checkbox fields at all.
    form = EmailPreferencesForm(
        request.POST if request.method == "POST" else None,
        initial=email_preferences_for(user=request.user),
    )
    if request.method == "POST" and form.is_valid():
        email_preferences_set(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("Your email choices are saved."))
        return redirect("accounts:notification_settings")
    return render(request, "notifications/settings.html", {"form": form})
