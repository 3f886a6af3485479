from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User
from .services import account_access_changed


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Community", {"fields": ("country", "neutral_tab_title", "suspended_until")}),
    )
    list_display = ("username", "is_staff", "is_active", "date_joined")

    def save_related(self, request, form, formsets, change):
        """Roles (staff, the Moderators group) and standing reach open websockets at once."""
        super().save_related(request, form, formsets, change)
        if change:
            account_access_changed(user=form.instance)
