"""A programme's follow-up rolled up from its plans: each focus area with the contributing measures and
their latest follow-up status, on the public pages, internally, as files and from the command line."""

import io

import docx
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from lika.followup.models import (
    FollowUpRound,
    MeasureReport,
    MeasureStatus,
    Submission,
    SubmissionState,
)
from lika.plans.models import Node, SteeringDocument
from lika.reports import rollup
from lika.reports.rollup_data import build_rollup
from tests.conftest import EOP, QOL

pytestmark = pytest.mark.django_db
PUBLIC = f"/helsingborg/reports/programme/{QOL}/"
INTERNAL = f"/reports/programmes/{QOL}/"


@pytest.fixture(autouse=True)
def demo(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def _statuses_2023(code: str) -> dict[str, int]:
    """Independently of the roll-up: the statuses units gave measure `code` in the published 2023 round."""
    counts: dict[str, int] = {}
    for status in MeasureReport.objects.filter(
        submission__round__identifier="helsingborg-lika-2023", measure__document__identifier=EOP, measure__code=code
    ).exclude(submission__state=SubmissionState.DRAFT).values_list("status", flat=True):
        if status:
            counts[status] = counts.get(status, 0) + 1
    return counts


def _table_after(html: str, heading: str) -> str:
    start = html.index(heading)
    return html[start : html.index("</table>", start)]


# --- The plain layout -------------------------------------------------------------


def _measure(code, round_title="Uppföljning 2023", plan="Plan A", counts=None):
    return rollup.MeasureFollowUp(
        plan=plan,
        code=code,
        title=f"Åtgärd {code}",
        round_title=round_title,
        units_responsible=4,
        units_reported=sum((counts or {}).values()),
        status_counts=counts or {},
        examples=2 if round_title else 0,
    )


def _inputs(*leaves):
    return rollup.RollupInputs(
        municipality="Exempelstad",
        programme_title="Programmet",
        date="2026-12-02",
        language="sv",
        nodes=(rollup.ProgrammeNode("1", "Avsikt", 0, (), (), (), False), *leaves),
        statuses=(("planned", "Planerad"), ("ordinary_operations", "Del av ordinarie verksamhet")),
        leaf_level="Fokusområde",
        published_only=True,
    )


def test_the_layout_says_what_has_no_measure_and_what_is_not_followed_up():
    report = rollup.build(
        _inputs(
            rollup.ProgrammeNode("1.1", "Tom", 1, ("5 Jämställdhet",), (), (), True),
            rollup.ProgrammeNode(
                "1.2",
                "Full",
                1,
                (),
                (rollup.Contribution("Plan A", "4.1 Området", "stärka demokratin"),),
                (_measure("1", counts={"ordinary_operations": 3}), _measure("2", round_title="")),
                True,
            ),
        )
    )
    texts = [getattr(block, "text", "") for block in report.blocks]
    assert "1 of 2 parts of the programme have plan measures that contribute to them: 2 measures in all, of which 1 have been followed up." in texts
    assert "Without any contributing plan measure: 1.1 Tom." in texts
    assert "No plan measure contributes to this part of the programme yet." in texts
    assert "Agenda 2030: 5 Jämställdhet" in texts
    tables = [block for block in report.blocks if block.kind == "table"]
    assert tables[-1].table.rows == [
        ["1 Åtgärd 1", "Uppföljning 2023", "3 / 4", 0, 3, 2],
        ["2 Åtgärd 2", "Not followed up yet", "0 / 4", "–", "–", "–"],
    ]
    figure = next(block for block in report.blocks if block.kind == "figure")
    assert figure.table.table.rows[1] == ["1.2 Full", 2, 0, 3, 5]  # 8 responsible - 3 reported = 5 not reported
    assert "<title" in figure.svg and "1.2: 3" in figure.description + figure.svg


def test_two_plans_on_one_focus_area_get_a_plan_column():
    report = rollup.build(
        _inputs(
            rollup.ProgrammeNode(
                "1.1", "Delad", 1, (), (), (_measure("1", plan="Plan A"), _measure("1", plan="Plan B")), True
            )
        )
    )
    table = [block for block in report.blocks if block.kind == "table"][-1].table
    assert table.columns[0] == "Plan" and [row[0] for row in table.rows] == ["Plan A", "Plan B"]


def test_a_title_with_characters_xml_forbids_is_cleaned():
    report = rollup.build(_inputs(rollup.ProgrammeNode("1.1", "Tom\x0b\x00 rubrik", 1, (), (), (), True)))
    assert any(getattr(block, "text", "") == "1.1 Tom rubrik" for block in report.blocks)


# --- The pages --------------------------------------------------------------------


def test_the_public_roll_up_shows_each_focus_area_with_its_measures_and_their_2023_status(client_for):
    html = client_for(None).get(PUBLIC).content.decode()
    assert "<h1>" in html and "Livskvalitetsprogrammet" in html
    assert "Only published follow-ups are counted." not in html  # Swedish page
    assert "Endast publicerade uppföljningar räknas." in html
    section = _table_after(html, "5.2 Öka jämställdheten</h3>")
    # Every measure of the plan contributes to 5.2 through its areas; measure 6 was followed up in 2023.
    assert "Uppföljning 2023" in section
    counts = _statuses_2023("6")
    row = section[section.index("<th scope=\"row\">6 ") : ]
    row = row[: row.index("</tr>")]
    for key in MeasureStatus.values:
        assert f">{counts.get(key, 0)}<" in row
    assert "2.1 Minimera klimatpåverkan och resursanvändningen" in html
    assert "Inget åtgärd" not in html and "Ingen åtgärd i en plan bidrar till den här delen av programmet än." in html


def test_unpublished_follow_ups_count_internally_but_never_publicly(client_for):
    round_ = FollowUpRound.objects.get(identifier="helsingborg-lika-2025")
    measure = Node.objects.get(document__identifier=EOP, code="6")
    unit = measure.document.municipality.units.get(key="miljoforvaltningen")
    submission, _ = Submission.objects.get_or_create(round=round_, unit=unit)
    Submission.objects.filter(pk=submission.pk).update(state=SubmissionState.SUBMITTED)
    MeasureReport.objects.update_or_create(
        submission=submission, measure=measure, defaults={"status": MeasureStatus.ORDINARY_OPERATIONS}
    )
    internal = client_for("hbg-analytiker").get(INTERNAL).content.decode()
    assert "Uppföljning 2025" in _table_after(internal, "5.2 Öka jämställdheten</h3>")
    assert "Uppföljning 2025" not in client_for(None).get(PUBLIC).content.decode()
    assert "Uppföljning 2025" not in client_for("hbg-analytiker").get(PUBLIC).content.decode()


def test_who_may_see_the_internal_roll_up(client_for):
    for user in ("hbg-agare", "hbg-analytiker", "hbg-samordnare"):
        assert client_for(user).get(INTERNAL).status_code == 200, user
    for user in ("hbg-kultur", "hbg-lasare", "hst-agare"):
        assert client_for(user).get(INTERNAL).status_code == 404, user
    assert client_for(None).get(INTERNAL).status_code == 302
    assert client_for("hbg-agare").get(f"/reports/programmes/{EOP}/").status_code == 404  # a plan, not a programme
    assert client_for(None).get(f"/halmstad/reports/programme/{QOL}/").status_code == 404  # another municipality


def test_a_draft_programme_has_no_public_roll_up(client_for):
    SteeringDocument.objects.filter(identifier=QOL).update(status="draft")
    assert client_for(None).get(PUBLIC).status_code == 404
    assert client_for("hbg-agare").get(INTERNAL).status_code == 200


def test_the_programme_and_the_public_reports_link_to_the_roll_up(client_for):
    assert PUBLIC in client_for(None).get(f"/helsingborg/documents/{QOL}/").content.decode()
    assert INTERNAL not in client_for(None).get(f"/helsingborg/documents/{QOL}/").content.decode()
    assert INTERNAL in client_for("hbg-agare").get(f"/helsingborg/documents/{QOL}/").content.decode()
    assert PUBLIC in client_for(None).get("/helsingborg/reports/").content.decode()


def test_the_roll_up_downloads_as_word_and_pdf(client_for):
    response = client_for(None).get(f"/en{PUBLIC}report.docx")
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    headings = [p.text for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert "About this follow-up" in headings and "5.2 Increase gender equality" in headings
    pdf = client_for("hbg-agare").get(f"{INTERNAL}report.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert client_for(None).get(f"{PUBLIC}report.exe").status_code == 404


def test_the_roll_up_queries_do_not_grow_with_the_measures():
    programme = SteeringDocument.objects.get(identifier=QOL)
    build_rollup(programme, "sv", public=False)  # warm Django's own caches (content types, translations)
    with CaptureQueriesContext(connection) as before:
        build_rollup(programme, "sv", public=False)
    area = Node.objects.get(document__identifier=EOP, code="4.1")
    for number in range(30):
        Node.objects.create(document=area.document, parent=area, depth=area.depth + 1, position=1000 + number, code=f"x{number}", title_sv=f"Extra {number}")
    with CaptureQueriesContext(connection) as after:
        report = build_rollup(programme, "sv", public=False)
    assert len(after) == len(before)
    assert any("x29 Extra 29" in str(row) for block in report.blocks if block.kind == "table" for row in block.table.rows)


def test_the_command_writes_the_roll_up_with_progress(tmp_path, capsys):
    out = tmp_path / "rollup.docx"
    call_command("report", QOL, "--format", "docx", "--out", str(out))
    assert "published follow-ups" in capsys.readouterr().err
    assert any(p.text == "5.2 Öka jämställdheten" for p in docx.Document(str(out)).paragraphs)
    with pytest.raises(CommandError, match="needs --out"):
        call_command("report", QOL, "--format", "pdf")
    with pytest.raises(CommandError, match="no round or programme 'nothing'"):
        call_command("report", "nothing", "--format", "pdf")


def test_the_parts_without_a_measure_are_listed_without_doubled_punctuation():
    report = rollup.build(
        _inputs(
            rollup.ProgrammeNode("1.1", "Ett tryggt och inkluderande samhälle, för alla.", 1, (), (), (), True),
            rollup.ProgrammeNode("1.2", "Goda livsvillkor.", 1, (), (), (), True),
        )
    )
    texts = [getattr(block, "text", "") for block in report.blocks]
    assert "Without any contributing plan measure: 1.1 Ett tryggt och inkluderande samhälle, för alla; 1.2 Goda livsvillkor." in texts
