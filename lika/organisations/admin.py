from django.contrib import admin

from lika.core.admin_site import MunicipalityScopedAdmin, site
from lika.organisations.models import Membership, Municipality, OrganisationUnit, UnitAlias


class UnitAliasInline(admin.TabularInline):
    model = UnitAlias
    extra = 1


@admin.register(OrganisationUnit, site=site)
class OrganisationUnitAdmin(MunicipalityScopedAdmin):
    list_display = ["name_sv", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name_sv", "name_en", "key"]
    inlines = [UnitAliasInline]


@admin.register(Membership, site=site)
class MembershipAdmin(MunicipalityScopedAdmin):
    list_display = ["user", "role", "unit"]
    list_filter = ["role"]

    def has_module_permission(self, request):
        return request.user.is_superuser


@admin.register(Municipality, site=site)
class MunicipalityAdmin(MunicipalityScopedAdmin):
    municipality_path = "pk"
    list_display = ["name", "code", "slug"]

    def has_add_permission(self, request):
        return request.user.is_superuser

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser
