from django.contrib import admin

from lika.assessments.models import AssessmentSettings, AssessmentTemplate
from lika.core.admin_site import MunicipalityScopedAdmin, site


@admin.register(AssessmentSettings, site=site)
class AssessmentSettingsAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "case_number_pattern", "case_number_example", "default_measure"]


@admin.register(AssessmentTemplate, site=site)
class AssessmentTemplateAdmin(MunicipalityScopedAdmin):
    """Only whether a template is offered and in which order; its content is edited on the templates page."""

    list_display = ["key", "kind", "position", "is_active"]
    fields = ["position", "is_active"]

    def has_add_permission(self, request):
        return False
