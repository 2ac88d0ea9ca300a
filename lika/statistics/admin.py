from django.contrib import admin

from lika.core.admin_site import MunicipalityScopedAdmin, site
from lika.plans.models import Node
from lika.statistics.models import Indicator, StatisticsSettings


@admin.register(StatisticsSettings, site=site)
class StatisticsSettingsAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "small_cell_threshold"]


@admin.register(Indicator, site=site)
class IndicatorAdmin(MunicipalityScopedAdmin):
    list_display = ["name_sv", "identifier", "unit", "source", "published"]
    list_filter = ["published"]
    search_fields = ["name_sv", "name_en", "identifier"]
    filter_horizontal = ["nodes"]
    exclude = ["dimensions"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "nodes" and not request.user.is_superuser:
            kwargs["queryset"] = Node.objects.filter(document__municipality_id=self._municipality_id(request))
        return super().formfield_for_manytomany(db_field, request, **kwargs)
