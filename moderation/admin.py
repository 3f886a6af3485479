"""Django admin: the audit log and alerts are read-only; watched words go through services."""

from django.contrib import admin

from . import services
from .forms import WatchedWordForm
from .models import AuditEntry, QueueItem, SafetyAlert, WatchedWord


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor_name", "action", "target_label", "group_name"]
    list_filter = ["action"]
    search_fields = ["actor_name", "target_label", "group_name"]
    date_hierarchy = "created_at"

    def get_actions(self, request):
        return {}


@admin.register(SafetyAlert)
class SafetyAlertAdmin(ReadOnlyAdmin):
    list_display = [
        "created_at",
        "subject_name",
        "source",
        "level",
        "count",
        "state",
        "moderators_only",
    ]
    list_filter = ["state", "level", "source"]
    exclude = ["raised_by"]

    def get_actions(self, request):
        return {}


@admin.register(QueueItem)
class QueueItemAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "target_label", "source", "priority", "report_count", "state"]
    list_filter = ["state", "source", "priority"]

    def get_actions(self, request):
        return {}


@admin.register(WatchedWord)
class WatchedWordAdmin(admin.ModelAdmin):
    form = WatchedWordForm
    list_display = ["text", "kind", "action", "active"]
    list_filter = ["kind", "action", "active"]
    fields = ["text", "kind", "action", "note", "active"]

    def save_model(self, request, obj, form, change):
        data = {name: form.cleaned_data[name] for name in self.fields}
        if change:
            services.watched_word_update(
                actor=request.user, word=WatchedWord.objects.get(pk=obj.pk), **data
            )
        else:
            created = services.watched_word_create(actor=request.user, **data)
            obj.pk = created.pk

    def delete_model(self, request, obj):
        services.watched_word_delete(actor=request.user, word=obj)

    def get_actions(self, request):
        return {}
