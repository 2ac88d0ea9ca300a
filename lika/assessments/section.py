"""What an assessment's answers say, from plain data, without Django.

- `missing`: every required answer not yet given, so a submission lists them all at once;
- `build_section`: the consequence section of the decision document, in plain
  language, in the language chosen (the fixed words go through `_`, the
  caller's gettext under that language);
- `render_docx`: that section as a DOCX fragment to paste into the decision document;
- `summarise`: counts per unit and year, and the perspectives risks were found for.

Answer values are text: a yes/no key ("yes", "no", "unsure"), a choice key, or
several choice keys one per line.
"""

import io
from collections.abc import Callable, Mapping
from dataclasses import dataclass

from lika.lib.tables import Table
from lika.documents.blocks import clean, paragraphs

from .templatefile import Perspective, Question, Slot, Template, slots


def _identity(text: str) -> str:
    return text


def selected(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


def is_answered(question: Question, value: str) -> bool:
    if question.type == "text":
        return bool((value or "").strip())
    if question.type == "multiple":
        keys = question.choice_keys()
        return any(key in keys for key in selected(value))
    return value in question.choice_keys()


def missing(template: Template, perspectives: list[Perspective], answers: Mapping[str, str]) -> list[Slot]:
    """The required answers not given yet, in the template's order."""
    return [s for s in slots(template, perspectives) if s.question.required and not is_answered(s.question, answers.get(s.key, ""))]


def shown_value(question: Question, value: str, language: str, _: Callable[[str], str] = _identity) -> str:
    """An answer as a reader sees it: "Yes", a choice's label, or the text."""
    if question.type == "text":
        return clean(value).strip()
    words = {"yes": _("Yes"), "no": _("No"), "unsure": _("Don't know")}
    labels = {c.key: c.label.get(language) for c in question.choices}
    if question.type == "multiple":
        return "; ".join(labels[key] for key in selected(value) if key in labels)
    if question.type in ("yes_no", "yes_no_unsure"):
        return words.get(value, "")
    return labels.get(value, "")


# --- The consequence section -----------------------------------------------------------


@dataclass(frozen=True)
class Matter:
    title: str
    case_number: str
    unit: str
    decision_body: str
    decision_date: str  # as it is to be shown
    screened_out_reason: str = ""  # set when the assessment was marked not relevant


@dataclass(frozen=True)
class Part:
    heading: str
    items: tuple[tuple[str, str], ...]  # (question, answer)
    note: str = ""


@dataclass(frozen=True)
class Section:
    title: str
    template_name: str
    language: str
    facts: tuple[tuple[str, str], ...]
    summary: tuple[str, ...]
    parts: tuple[Part, ...]


def risk_findings(template: Template, perspectives: list[Perspective], answers: Mapping[str, str]) -> dict[str, list[str]]:
    """Perspective keys by the answer to each per-perspective risk question: yes / unsure / no."""
    found: dict[str, list[str]] = {"yes": [], "unsure": [], "no": []}
    for slot in slots(template, perspectives):
        if slot.perspective is not None and slot.question.risk:
            value = answers.get(slot.key, "")
            if value in found and slot.perspective.key not in found[value]:
                found[value].append(slot.perspective.key)
    return found


def asked_perspectives(template: Template, perspectives: list[Perspective]) -> tuple[str, ...]:
    """The perspectives the template asks a risk question for."""
    if any(step.for_each_perspective and any(q.risk for q in step.questions) for step in template.steps):
        return tuple(p.key for p in perspectives)
    return ()


def matter_risk(template: Template, answers: Mapping[str, str]) -> str:
    """The answer to a risk question asked once for the whole matter ('yes', 'no', 'unsure' or '')."""
    values = [answers.get(s.key, "") for s in slots(template, []) if s.question.risk]
    for value in ("yes", "unsure", "no"):
        if value in values:
            return value
    return ""


def build_section(
    template: Template,
    perspectives: list[Perspective],
    answers: Mapping[str, str],
    matter: Matter,
    language: str,
    _: Callable[[str], str] = _identity,
) -> Section:
    facts = [
        (_("Matter"), matter.title),
        (_("Case number"), matter.case_number),
        (_("Unit"), matter.unit),
        (_("Decided by"), matter.decision_body),
        (_("Date of decision"), matter.decision_date),
        (_("Method"), template.name.get(language)),
    ]
    if matter.screened_out_reason:
        summary = (
            _("The assessment was not considered relevant for this matter."),
            _("Reason: %(reason)s") % {"reason": clean(matter.screened_out_reason).strip()},
        )
        return Section(template.section_title.get(language), template.name.get(language), language, tuple(facts), summary, ())

    summary = _summary(template, perspectives, answers, language=language, _=_)
    parts = []
    for step in template.steps:
        if step.for_each_perspective:
            part = _perspective_part(step, perspectives, answers, language=language, _=_)
        else:
            part = _matter_part(step, answers, language=language, _=_)
        if part is not None:
            parts.append(part)
    return Section(template.section_title.get(language), template.name.get(language), language, tuple(facts), tuple(summary), tuple(parts))


def _summary(
    template: Template, perspectives: list[Perspective], answers: Mapping[str, str], *, language: str, _: Callable[[str], str]
) -> list[str]:
    """The risks found, per ground and for the matter as a whole, in sentences."""
    names = {p.key: p.name.get(language) for p in perspectives}
    summary = []
    findings = risk_findings(template, perspectives, answers)
    if any(findings.values()):
        if findings["yes"]:
            summary.append(_("Risks were found for: %(names)s.") % {"names": ", ".join(names[k] for k in findings["yes"])})
        if findings["unsure"]:
            summary.append(_("It is not clear whether there are risks for: %(names)s.") % {"names": ", ".join(names[k] for k in findings["unsure"])})
        if not findings["yes"] and not findings["unsure"]:
            summary.append(_("No risk was found for any of the grounds assessed."))
    whole = matter_risk(template, answers)
    if whole == "yes":
        summary.append(_("The assessment found a risk."))
    elif whole == "unsure":
        summary.append(_("The assessment could not rule out a risk."))
    elif whole == "no":
        summary.append(_("The assessment found no risk."))
    return summary


def _perspective_part(
    step, perspectives: list[Perspective], answers: Mapping[str, str], *, language: str, _: Callable[[str], str]
) -> Part | None:
    """A step asked per ground: the grounds with a risk or a text, and a note naming the quiet ones."""
    items = []
    quiet = []
    for perspective in perspectives:
        pairs = []
        for question in step.questions:
            value = answers.get(f"{step.key}.{perspective.key}.{question.key}", "")
            if is_answered(question, value):
                pairs.append((question, shown_value(question, value, language, _), value))
        flagged = any(q.risk and v in ("yes", "unsure") for q, _shown, v in pairs)
        explained = any(q.type == "text" for q, _shown, _v in pairs)
        if not flagged and not explained:
            if pairs:
                quiet.append(perspective.name.get(language))
            continue
        # One item per ground: "Is there a risk? Yes", then what was written about it.
        lines = [f"{q.text.get(language)} {shown}" if q.type != "text" else shown for q, shown, _v in pairs]
        items.append((perspective.name.get(language), "\n\n".join(lines)))
    note = _("No risk was assessed for: %(names)s.") % {"names": ", ".join(quiet)} if quiet else ""
    if items or note:
        return Part(step.title.get(language), tuple(items), note)
    return None


def _matter_part(step, answers: Mapping[str, str], *, language: str, _: Callable[[str], str]) -> Part | None:
    """A step asked once for the matter: each answered question with its answer."""
    items = []
    for question in step.questions:
        value = answers.get(f"{step.key}.{question.key}", "")
        if is_answered(question, value):
            items.append((question.text.get(language), shown_value(question, value, language, _)))
    if items:
        return Part(step.title.get(language), tuple(items))
    return None


def render_docx(section: Section, municipality: str) -> bytes:
    """The section as a Word document holding only the fragment, with Word's own heading styles."""
    from docx import Document
    from docx.shared import Pt

    from lika.documents.docx import FONT, HEADING_COLOUR, LANGUAGE_TAGS, drop_theme_fonts, set_language

    document = Document()
    language = LANGUAGE_TAGS.get(section.language, section.language)
    document.core_properties.title = section.title
    document.core_properties.author = municipality
    document.core_properties.language = language
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(11)
    set_language(normal.element, language)
    for level in (2, 3):
        style = document.styles[f"Heading {level}"]
        style.font.name = FONT
        style.font.color.rgb = HEADING_COLOUR
        drop_theme_fonts(style)

    document.add_heading(section.title, level=2)
    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in section.facts:
        if value:
            cells = facts.add_row().cells
            cells[0].text = clean(label)
            cells[1].text = clean(value)
            cells[0].paragraphs[0].runs[0].bold = True
    for line in section.summary:
        document.add_paragraph(clean(line))
    for part in section.parts:
        document.add_heading(clean(part.heading), level=3)
        for question, answer in part.items:
            document.add_paragraph().add_run(clean(question)).bold = True
            for text in paragraphs(answer) or [""]:
                document.add_paragraph(text)
        if part.note:
            document.add_paragraph(clean(part.note))
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


# --- Counting, for the follow-up of the measure --------------------------------------------


@dataclass(frozen=True)
class Counted:
    """One assessment as the follow-up counts it: only finished ones are counted."""

    unit: str
    year: int
    kind: str
    screened_out: bool
    risks: tuple[str, ...]  # perspective keys the assessment found a risk for
    asked: tuple[str, ...] = ()  # perspective keys the assessment asked about risks for


def summarise(
    assessments: list[Counted],
    kinds: list[tuple[str, str]],
    perspectives: list[Perspective],
    language: str,
    _: Callable[[str], str] = _identity,
) -> tuple[Table, Table]:
    """(per unit and year: count, per kind, screened out and its share; risks per perspective)."""
    by_unit: dict[tuple[str, int], list[Counted]] = {}
    for item in assessments:
        by_unit.setdefault((item.unit, item.year), []).append(item)
    columns = [_("Unit"), _("Year"), _("Decisions with an assessment")]
    columns += [label for _key, label in kinds]
    columns += [_("Screened out"), _("Share screened out")]
    rows = []
    for (unit, year), items in sorted(by_unit.items(), key=lambda entry: (entry[0][1], entry[0][0])):
        screened = sum(1 for i in items if i.screened_out)
        row = [unit, year, len(items)]
        row += [sum(1 for i in items if i.kind == key) for key, _label in kinds]
        row += [screened, _percent(screened, len(items))]
        rows.append(row)
    if len(by_unit) > 1:
        screened = sum(1 for i in assessments if i.screened_out)
        total = [_("All units"), "", len(assessments)]
        total += [sum(1 for i in assessments if i.kind == key) for key, _label in kinds]
        total += [screened, _percent(screened, len(assessments))]
        rows.append(total)
    per_unit = Table(_("Decisions with an impact assessment, per unit and year"), columns, rows)

    assessed = [i for i in assessments if not i.screened_out]
    risk_rows = []
    for perspective in perspectives:
        asked = [i for i in assessed if perspective.key in i.asked]
        count = sum(1 for i in asked if perspective.key in i.risks)
        risk_rows.append([perspective.name.get(language), count, len(asked), _percent(count, len(asked))])
    risk_rows.sort(key=lambda row: -row[1])
    risks = Table(
        _("Grounds the assessments found risks for"),
        [_("Ground"), _("Assessments that found a risk"), _("Assessments that asked"), _("Share that found a risk")],
        risk_rows,
    )
    return per_unit, risks


def _percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)} %" if whole else "–"

