from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from .models import User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        ("Community", {"fields": ("country", "neutral_tab_title", "suspended_until")}),
    )
    list_display = ("username", "is_staff", "is_active", "date_joined")
