from django.contrib import admin

from lika.core.admin_site import MunicipalityScopedAdmin, site

from .models import BusinessPlan, PlanVocabulary


@admin.register(BusinessPlan, site=site)
class BusinessPlanAdmin(MunicipalityScopedAdmin):
    list_display = ["unit", "year", "original_filename", "file_type", "page_count", "uploaded_at"]
    list_filter = ["year", "file_type"]
    exclude = ["pages", "passages", "empty_pages"]
    readonly_fields = ["original_filename", "file_type", "numbering", "page_count", "vocabulary_version", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request, obj=None):
        return False  # plans come in through the upload page, which reads them


@admin.register(PlanVocabulary, site=site)
class PlanVocabularyAdmin(MunicipalityScopedAdmin):
    list_display = ["municipality", "version", "edited_by", "edited_at"]
    readonly_fields = ["version", "edited_by", "edited_at"]
