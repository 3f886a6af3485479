from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from community.errors import service_call
from community.http import post_only
from community.privacy import export_json_chunks
from community.ratelimit import rate_limit_check

from .forms_privacy import AccountDeleteForm, PseudonymForm, SeparationRequestForm
from .forms_profile import ProfileForm
from .languages import remember_language
from .selectors import blocks_for, keep_apart_for, separation_requests_for
from .services import (
    account_delete,
    block_create,
    block_remove,
    keep_apart_add,
    keep_apart_remove,
    profile_update,
    sign_out_everywhere,
)


def _profile_page(request, form, *, status=200):
    return render(request, "accounts/profile.html", {"form": form}, status=status)


@login_required
def profile(request):
    if request.method != "POST":
        user = request.user
        initial = {
            "country": user.country,
            "neutral_tab_title": user.neutral_tab_title,
            "language": user.language,
            "time_zone": user.time_zone,
        }
        return _profile_page(request, ProfileForm(initial=initial))
    form = ProfileForm(request.POST)
    if not form.is_valid():
        return _profile_page(request, form, status=400)
    with service_call(form=form, fields={"language": "language", "time_zone": "time_zone"}) as call:
        profile_update(user=request.user, **form.cleaned_data)
    if call.refused:
        return call.respond(_profile_page(request, form))
    language = form.cleaned_data["language"]
    if language:
        translation.activate(language)
    messages.success(request, _("Your settings are saved."))
    response = redirect("accounts:profile")
    if language:
        remember_language(response, language)
    return response


@login_required
@post_only(to="accounts:profile")
def sign_out_all(request):
    """End every session of the account, on every device, this one included."""
    sign_out_everywhere(user=request.user)
    logout(request)
    messages.success(request, _("You are signed out on every device."))
    response = redirect("account_login")
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@login_required
@require_GET
def export(request):
    """GET shows what the download holds; ``?download=1`` streams the JSON file."""
    if request.GET.get("download") != "1":
        return render(request, "accounts/export.html")
    filename = f"my-data-{timezone.now():%Y-%m-%d}.json"
    response = StreamingHttpResponse(
        export_json_chunks(request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@login_required
def delete(request):
    form = AccountDeleteForm(request.POST or None)
    call = None
    if request.method == "POST" and form.is_valid():
        with service_call(form=form, fields={"wrong_password": "password"}) as call:
            rate_limit_check(scope="reauth", key=request.user.pk, limit=5, period=300)
            account_delete(
                user=request.user,
                password=form.cleaned_data["password"],
                posts_mode=form.cleaned_data["posts_mode"],
            )
        if not call.refused:
            logout(request)
            response = render(request, "accounts/deleted.html")
            response["Clear-Site-Data"] = '"cache", "cookies", "storage"'
            return response
    status = 400 if request.method == "POST" else 200
    response = render(request, "accounts/delete.html", {"form": form}, status=status)
    return call.respond(response) if call else response


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return fallback


def _pseudonym_list_page(request, *, template, entries, add, success_message, extra=None):
    form = PseudonymForm(request.POST or None)
    call = None
    if request.method == "POST" and form.is_valid():
        with service_call(form=form, field="pseudonym") as call:
            rate_limit_check(scope="block", key=request.user.pk)
            add(user=request.user, pseudonym=form.cleaned_data["pseudonym"])
        if not call.refused:
            messages.success(request, success_message)
            return redirect(_safe_next(request, request.path))
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "entries": entries(user=request.user), **(extra or {})}
    response = render(request, template, context, status=status)
    return call.respond(response) if call else response


@login_required
def blocked(request):
    return _pseudonym_list_page(
        request,
        template="accounts/blocked.html",
        entries=blocks_for,
        add=block_create,
        success_message=_(
            "Blocked. Their posts and messages are folded away for you, and they are not told."
        ),
    )


@login_required
@post_only(to="accounts:blocked")
def unblock(request):
    block_remove(user=request.user, pseudonym=request.POST.get("pseudonym", ""))
    messages.success(request, _("Unblocked."))
    return redirect("accounts:blocked")


@login_required
def keep_apart(request):
    return _pseudonym_list_page(
        request,
        template="accounts/keep_apart.html",
        entries=keep_apart_for,
        add=keep_apart_add,
        success_message=_("Saved. This list is private: nobody else can see it."),
        extra={
            "request_form": SeparationRequestForm(),
            "requests": separation_requests_for(user=request.user),
        },
    )


@login_required
@post_only(to="accounts:keep_apart")
def keep_apart_delete(request):
    keep_apart_remove(user=request.user, pseudonym=request.POST.get("pseudonym", ""))
    messages.success(request, _("Removed from your keep-apart list."))
    return redirect("accounts:keep_apart")
