"""The admin for plan owners: their own municipality's documents and organisation only.

Superusers see everything. A plan owner needs no Django staff flag or model
permissions: their membership decides, here as on every other page.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from lika.organisations.access import access_for


class LikaAdminSite(admin.AdminSite):
    site_header = _("Lika administration")
    site_title = _("Lika administration")
    index_title = _("Manage steering documents and the organisation")

    def has_permission(self, request):
        user = request.user
        if not (user.is_active and user.is_authenticated):
            return False
        return user.is_superuser or bool(access_for(user).municipality_id and "plan_owner" in access_for(user).roles)


site = LikaAdminSite(name="admin")


class MunicipalityScopedAdmin(admin.ModelAdmin):
    """Rows and choices limited to the plan owner's municipality, reached through `municipality_path`."""

    municipality_path = "municipality"

    def _municipality_id(self, request):
        return access_for(request.user).municipality_id

    def _is_plan_owner(self, request):
        access = access_for(request.user)
        return bool(access.municipality_id) and "plan_owner" in access.roles

    def has_module_permission(self, request):
        return request.user.is_superuser or self._is_plan_owner(request)

    def has_view_permission(self, request, obj=None):
        return self.has_module_permission(request)

    has_add_permission = has_view_permission  # type: ignore[assignment]

    def has_change_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def has_delete_permission(self, request, obj=None):
        return self.has_module_permission(request)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.municipality_path: self._municipality_id(request)})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            municipality_id = self._municipality_id(request)
            model = db_field.related_model
            paths = {
                "Municipality": "pk",
                "OrganisationUnit": "municipality",
                "SteeringDocument": "municipality",
                "Node": "document__municipality",
            }
            path = paths.get(model.__name__)
            if path:
                kwargs["queryset"] = model.objects.filter(**{path: municipality_id})
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
