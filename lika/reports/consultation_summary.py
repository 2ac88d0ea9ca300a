"""The consultation (remiss) summary for the political decision, as DOCX, PDF or HTML through the
shared document engine, the same way as the round report: what was asked, who answered, and every
answer per part of the plan with the plan owner's decision."""

from collections import Counter

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from lika.consultation.models import Consultation, NodeAnswer, Position
from lika.documents.blocks import (
    Contents,
    DocumentBuilder,
    Facts,
    Heading,
    Paragraph,
    ReportDocument,
    clean,
    paragraphs,
)
from lika.lib.tables import Table


def _asked(b: DocumentBuilder, consultation: Consultation, replies: dict) -> None:
    b.chapter(_("The consultation"), "consultation")
    b.blocks.append(Paragraph(clean(_("The draft %(title)s was sent to %(count)s units with the deadline %(date)s; %(answered)s answered.") % {
        "title": consultation.document.title, "count": len(consultation.units.all()), "date": consultation.deadline,
        "answered": len(replies)})))
    for text in paragraphs(consultation.questions):
        b.blocks.append(Paragraph(text))
    table = Table(title=_("The units asked"), columns=[_("Unit"), _("Answered"), _("General comment")])
    for unit in sorted(consultation.units.all(), key=lambda u: u.name_sv):
        reply = replies.get(unit.pk)
        table.rows.append([unit.name, timezone.localdate(reply.submitted_at).isoformat() if reply else _("no answer"),
                           reply.general if reply else ""])
    b.blocks.append(b.table(table))


def _overview(b: DocumentBuilder, by_node: dict) -> None:
    table = Table(title=_("Answers per part of the plan"), columns=[_("Part"), *[label for _v, label in Position.choices],
                                                                    _("Taken in"), _("Not taken in")])
    for node, answers in by_node.items():
        positions = Counter(a.position for a in answers)
        decisions = Counter(a.decision for a in answers)
        table.rows.append([f"{node.code} {node.title}", *[positions[value] for value, _l in Position.choices],
                           decisions["taken_in"], decisions["not_taken_in"]])
    b.blocks.append(b.table(table))


def _per_node(b: DocumentBuilder, by_node: dict) -> None:
    b.chapter(_("The answers per part of the plan"), "answers")
    if not by_node:
        b.blocks.append(Paragraph(_("No unit has answered on a part of the plan."), style="missing"))
        return
    _overview(b, by_node)
    for node, answers in by_node.items():
        b.blocks.append(Heading(2, clean(f"{node.code} {node.title}"), f"node-{node.pk}"))
        for answer in answers:
            items = [(_("Unit"), answer.reply.unit.name), (_("Position"), answer.get_position_display())]
            if answer.text:
                items.append((_("Text"), answer.text))
            items.append((_("Decision"), answer.get_decision_display() if answer.decision else _("not decided yet")))
            if answer.decision_reason:
                items.append((_("Reason"), answer.decision_reason))
            b.blocks.append(Facts(tuple((clean(label), clean(value)) for label, value in items)))


def build_consultation_summary(consultation: Consultation, language: str) -> ReportDocument:
    with translation.override(language):
        document = consultation.document
        answers = list(
            NodeAnswer.objects.filter(reply__consultation=consultation)
            .select_related("node", "reply__unit").order_by("node__position", "reply__unit__name_sv")
        )
        by_node: dict = {}
        for answer in answers:
            by_node.setdefault(answer.node, []).append(answer)
        replies = {reply.unit_id: reply for reply in consultation.replies.select_related("unit")}
        b = DocumentBuilder(_)
        b.blocks.append(Contents(_("Contents")))
        _asked(b, consultation, replies)
        _per_node(b, by_node)
        return ReportDocument(
            title=clean(document.title),
            subtitle=_("Summary of the consultation"),
            municipality=clean(document.municipality.name),
            case_number=clean(document.reference_number),
            date=timezone.localdate().isoformat(),
            language=language,
            blocks=tuple(b.blocks),
            labels={
                "page": _("Page"), "case_number": _("Case number"), "contents": _("Contents"),
                "figure_data": _("The figures in the chart"),
                "update_contents": _("Update the table of contents in Word: right-click it and choose Update Field."),
            },
        )
