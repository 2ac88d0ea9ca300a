from django import forms
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin

from .models import RoundReport

PARAGRAPH_HELP = _("Separate paragraphs with a blank line.")


class ReportTextsForm(VersionedFormMixin, forms.ModelForm):
    # Public texts: their LIX is shown under them.
    readability_fields = ("introduction", "central_support", "business_plans", "examples", "employer", "conclusions")
    readability_kind = "report_text"

    class Meta:
        model = RoundReport
        fields = ["language", "introduction", "central_support", "business_plans", "examples", "employer", "conclusions"]
        help_texts = {
            "language": _("The language you write the texts in; the report marks them so screen readers read them right."),
            "introduction": PARAGRAPH_HELP,
            "central_support": _("How the plan owner and the coordinators have supported the units."),
            "business_plans": _("What the units' business plans say about equal opportunities."),
            "examples": _("Your judgement of the examples; the figures and the appendix are added by Lika."),
            "employer": _("Your judgement of the answers to the round's own questions; the answers are added by Lika."),
            "conclusions": PARAGRAPH_HELP,
        }
        widgets = {name: forms.Textarea(attrs={"rows": 8}) for name in fields[1:]}
