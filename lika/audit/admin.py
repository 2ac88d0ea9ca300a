"""The audit log in the admin: read only, for superusers; nothing can be added, changed or deleted."""

from django.contrib import admin

from lika.core.admin_site import site

from .models import AuditEntry


@admin.register(AuditEntry, site=site)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("at", "kind", "actor", "actor_label", "source", "object_type", "object_repr", "ip")
    list_filter = ("kind", "source", "object_type")
    search_fields = ("object_repr", "actor_label", "note")
    date_hierarchy = "at"
    list_select_related = ("actor",)

    def get_actions(self, request):
        return {}

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return request.user.is_superuser
