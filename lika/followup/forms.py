from django import forms
from django.core.validators import URLValidator
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from lika.core.editing import VersionedFormMixin
from lika.core.uploads import checked_attachment
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, SteeringDocument
from lika.plans.queries import leaf_words
from lika.reference.models import Perspective

from .models import Example, FollowUpRound, MeasureStatus

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RoundForm(VersionedFormMixin, forms.ModelForm):
    questions_sv = forms.CharField(
        label=_("Questions to every unit (Swedish)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One question per line, for example on the employer perspective."),
    )
    questions_en = forms.CharField(
        label=_("The same questions in English"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("One per line, in the same order. Optional."),
    )

    class Meta:
        model = FollowUpRound
        fields = [
            "document", "identifier", "title_sv", "title_en", "reference_number", "period_start", "period_end",
            "opens_on", "closes_on", "max_examples", "reminder_days",
        ]
        widgets = {name: DATE for name in ("period_start", "period_end", "opens_on", "closes_on")}
        # The model field has no verbose name of its own; without this the form says "Document" in every language.
        labels = {"document": _("Steering document followed up")}

    def __init__(self, *args, municipality, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["document"].queryset = SteeringDocument.objects.filter(municipality=municipality)
        if self.instance.pk:
            for name in ("document", "identifier"):
                self.fields[name].disabled = True
            # The round's plan is known: "Exempel per enhet och strategi" in a plan of strategies.
            leaf = leaf_words(self.instance.document)["leaf"]
            self.fields["max_examples"].label = _("Examples per unit and %(leaf)s") % {"leaf": leaf}
            questions = list(self.instance.questions.order_by("position"))
            self.initial["questions_sv"] = "\n".join(q.text_sv for q in questions)
            self.initial["questions_en"] = "\n".join(q.text_en for q in questions)

    def clean(self):
        data = super().clean()
        pairs = [("period_start", "period_end", _("The period ends before it starts.")),
                 ("opens_on", "closes_on", _("The deadline is before the opening date."))]
        for start, end, message in pairs:
            if data.get(start) and data.get(end) and data[end] < data[start]:
                self.add_error(end, message)
        sv = [line.strip() for line in data.get("questions_sv", "").splitlines() if line.strip()]
        en = [line.strip() for line in data.get("questions_en", "").splitlines() if line.strip()]
        if en and len(en) != len(sv):
            self.add_error("questions_en", _("Give as many English questions as Swedish ones, or none."))
        data["questions"] = [(q, en[i] if i < len(en) else "") for i, q in enumerate(sv)]
        return data


class MeasureReportForm(VersionedFormMixin, forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("— not given —")), *MeasureStatus.choices],
        required=False,
        help_text=_("The goal is that the work becomes part of ordinary operations, not a project on the side."),
    )
    comment = forms.CharField(label=_("Comment"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ExampleForm(VersionedFormMixin, forms.ModelForm):
    attachment = forms.FileField(
        label=_("Attach a file"),
        required=False,
        help_text=_("PDF, Word (DOCX), PNG or JPEG."),
    )

    # Public texts (they reach the board report and the public pages): their LIX is shown under them.
    readability_fields = ("what_was_done", "effects", "learning")
    readability_kind = "example"

    class Meta:
        model = Example
        fields = [
            "title", "what_was_done", "effects", "effects_kind", "learning", "related_measures", "perspectives",
            "partner_civil_society", "partner_business", "partner_academia", "partner_public_sector", "partner_units",
            "partner_names", "target_groups", "period_start", "period_end", "links",
        ]
        widgets = {
            "what_was_done": forms.Textarea(attrs={"rows": 6}),
            "effects": forms.Textarea(attrs={"rows": 4}),
            "learning": forms.Textarea(attrs={"rows": 4}),
            "partner_names": forms.Textarea(attrs={"rows": 2}),
            "target_groups": forms.Textarea(attrs={"rows": 2}),
            "links": forms.Textarea(attrs={"rows": 2}),
            "related_measures": forms.CheckboxSelectMultiple,
            "perspectives": forms.CheckboxSelectMultiple,
            "partner_units": forms.CheckboxSelectMultiple,
            "period_start": DATE,
            "period_end": DATE,
        }
        help_texts = {
            "effects": _("What difference it made, or what you expect it to make."),
            "learning": _("What you learned: what worked, what you would do differently."),
            "perspectives": _("Two or more make the example intersectional."),
            "related_measures": _("Other measures of the plan this example also relates to."),
        }

    def __init__(self, *args, report, leaves: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        document = report.measure.document
        if leaves:  # the plan's own word ("strategier" in a plan of strategies), not always "measures"
            self.fields["related_measures"].label = capfirst(_("other %(leaves)s it relates to") % {"leaves": leaves})
            self.fields["related_measures"].help_text = _("Other %(leaves)s of the plan this example also relates to.") % {"leaves": leaves}
        measure_ids = [n.pk for n in Node.objects.filter(document=document, children__isnull=True)]
        self.fields["related_measures"].queryset = Node.objects.filter(pk__in=measure_ids).exclude(pk=report.measure_id).order_by("position")
        self.fields["related_measures"].label_from_instance = lambda node: f"{node.code} {node.title}"
        self.fields["perspectives"].queryset = Perspective.objects.order_by("position")
        self.fields["partner_units"].queryset = OrganisationUnit.objects.filter(
            municipality_id=document.municipality_id, is_active=True
        ).exclude(pk=report.submission.unit_id).order_by("name_sv")
        self.fields["effects_kind"].choices = [("", _("— choose —")), *self.fields["effects_kind"].choices[1:]]

    def clean_links(self):
        links = [line.strip() for line in self.cleaned_data["links"].splitlines() if line.strip()]
        validate = URLValidator(schemes=["http", "https"])
        for link in links:
            try:
                validate(link)
            except forms.ValidationError:
                raise forms.ValidationError(_("%(link)s is not a web address (it should start with https://).") % {"link": link}) from None
        return "\n".join(links)

    def clean_attachment(self):
        return checked_attachment(self.cleaned_data.get("attachment"))

    def clean(self):
        data = super().clean()
        if data.get("period_start") and data.get("period_end") and data["period_end"] < data["period_start"]:
            self.add_error("period_end", _("The period ends before it starts."))
        if data.get("effects") and not data.get("effects_kind"):
            self.add_error("effects_kind", _("Say whether the effects are observed or expected."))
        return data

    def example_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("related_measures", "perspectives", "partner_units")}


class AnswersForm(VersionedFormMixin, forms.Form):
    def __init__(self, *args, questions, answers, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[f"q_{question.key}"] = forms.CharField(
                label=question.text,
                required=False,
                widget=forms.Textarea(attrs={"rows": 5}),
                initial=answers.get(question.pk, ""),
            )

    def answers(self) -> dict:
        return {question: self.cleaned_data[f"q_{question.key}"].strip() for question in self.questions}

    def form_field_for(self, name: str) -> str:
        return f"q_{name}"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return for completion")), ("comment", _("Only comment"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment to the unit"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when you return the report: say what should be completed."),
    )

