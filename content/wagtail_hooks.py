"""Wagtail admin: the crisis directory as a snippet, and a dashboard panel listing the
entries to check: unpublished ones waiting for a first check, those nobody has confirmed yet,
and those not confirmed for ``VERIFY_EVERY_DAYS`` days."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .crisis_selectors import resources_to_check
from .models import VERIFY_EVERY_DAYS, CrisisResource

PANEL_LIMIT = 25


class CrisisResourceViewSet(SnippetViewSet):
    model = CrisisResource
    icon = "warning"
    menu_label = _("Crisis resources")
    menu_order = 300
    add_to_admin_menu = True
    list_display = ["name", "country_code", "kind", "confidence", "last_verified", "live"]
    list_filter = ["country_code", "kind", "confidence", "live"]
    search_fields = ["name", "name_en", "country", "country_code"]
    ordering = ["country_code", "priority", "name"]


register_snippet(CrisisResourceViewSet)


class UnverifiedCrisisResourcesPanel(Component):
    name = "unverified_crisis_resources"
    template_name = "content/admin/unverified_resources_panel.html"
    order = 50

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        resources = resources_to_check()
        context.update(
            {
                "resources": list(resources[:PANEL_LIMIT]),
                "total": resources.count(),
                "unpublished": resources.filter(live=False).count(),
                "days": VERIFY_EVERY_DAYS,
            }
        )
        return context


@hooks.register("construct_homepage_panels")
def add_unverified_resources_panel(request, panels):
    if request.user.has_perm("content.change_crisisresource"):
        panels.append(UnverifiedCrisisResourcesPanel())
