from django.contrib import admin

from lika.core.admin_site import MunicipalityScopedAdmin, site
from lika.plans.models import DocumentLevel, Node, NodeLink, Responsibility, SteeringDocument


class LevelInline(admin.TabularInline):
    model = DocumentLevel
    extra = 0


class DocumentResponsibilityInline(admin.TabularInline):
    model = Responsibility
    fields = ["role", "unit", "scope", "note_sv", "note_en", "position"]
    extra = 0
    verbose_name_plural = Responsibility._meta.verbose_name_plural

    def get_queryset(self, request):
        return super().get_queryset(request).filter(node__isnull=True)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        from lika.organisations.access import access_for
        from lika.organisations.models import OrganisationUnit

        if db_field.name == "unit" and not request.user.is_superuser:
            kwargs["queryset"] = OrganisationUnit.objects.filter(municipality_id=access_for(request.user).municipality_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(SteeringDocument, site=site)
class SteeringDocumentAdmin(MunicipalityScopedAdmin):
    list_display = ["title_sv", "identifier", "kind", "status", "valid_from", "valid_to"]
    list_filter = ["kind", "status"]
    search_fields = ["title_sv", "title_en", "identifier"]
    inlines = [LevelInline, DocumentResponsibilityInline]


class NodeResponsibilityInline(DocumentResponsibilityInline):
    def get_queryset(self, request):
        return admin.TabularInline.get_queryset(self, request)


class NodeLinkInline(admin.TabularInline):
    model = NodeLink
    fk_name = "source"
    extra = 0
    raw_id_fields = ["target"]


@admin.register(Node, site=site)
class NodeAdmin(MunicipalityScopedAdmin):
    municipality_path = "document__municipality"
    list_display = ["code", "title_sv", "document", "depth"]
    list_filter = ["document"]
    search_fields = ["code", "title_sv", "title_en"]
    inlines = [NodeResponsibilityInline, NodeLinkInline]
    filter_horizontal = ["goals"]
    exclude = ["depth"]

    def save_model(self, request, obj, form, change):
        obj.depth = obj.parent.depth + 1 if obj.parent_id else 1
        super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, Responsibility):
                instance.document_id = form.instance.document_id
            instance.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()
