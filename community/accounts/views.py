from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from .forms_profile import ProfileForm
from .services import profile_update


@login_required
def profile(request):
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            profile_update(user=request.user, **form.cleaned_data)
            messages.success(request, _("Your settings are saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "country": request.user.country,
                "neutral_tab_title": request.user.neutral_tab_title,
            }
        )
    return render(request, "accounts/profile.html", {"form": form})
