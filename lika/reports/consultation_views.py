"""The consultation summary as a file (DOCX, PDF, HTML), for the plan owner."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils import translation

from lika.consultation.models import Consultation
from lika.core.security import allow_own_inline_styles
from lika.organisations.access import access_for

from .consultation_summary import build_consultation_summary
from .report_data import FORMATS, render_document


@login_required
def consultation_summary(request, identifier, pk, file_format):
    if file_format not in FORMATS:
        raise Http404("unknown format")
    consultation = get_object_or_404(
        Consultation.objects.select_related("document__municipality").prefetch_related("units"),
        pk=pk, document__identifier=identifier,
    )
    if not access_for(request.user).is_plan_owner(consultation.document.municipality_id):
        raise PermissionDenied
    language = translation.get_language()
    content = render_document(build_consultation_summary(consultation, language), file_format)
    response = HttpResponse(content, content_type=FORMATS[file_format])
    disposition = "inline" if file_format == "html" else "attachment"
    name = f"{consultation.document.identifier}-consultation-{consultation.pk}-{language}.{file_format}"
    response["Content-Disposition"] = f'{disposition}; filename="{name}"'
    return allow_own_inline_styles(response) if file_format == "html" else response
