"""Who gets what: every page and every action, for every demo persona.

The first half is one table: a page (built from real demo objects) and, per
persona, the status the rules give. The second half posts every follow-up
action as someone who may not do it and checks that nothing in the database
moved, then posts the same data as the one person who may, to show that the
refusal is about who asks and not about the data. Last come tampered form
fields and unpublished material.

The demo rounds are created once for the whole module (creating them per test
would take minutes), inside a transaction that is rolled back when the module
ends, and each persona logs in once. Each test runs in its own savepoint
inside that transaction (pytest-django's `db`), so every test starts from the
same demo state.
"""

import io
import zipfile
from dataclasses import dataclass
from datetime import timedelta
from html import escape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Count, Max
from django.test import Client, override_settings
from django.utils import timezone

from lika.followup import actions
from lika.followup.actions import example_version, measure_report_version
from lika.followup.models import (
    Answer,
    Attachment,
    Example,
    FollowUpRound,
    MeasureReport,
    ReminderSent,
    RoundQuestion,
    RoundState,
    Submission,
    SubmissionEvent,
)
from lika.followup.permissions import RoundAccess
from lika.organisations.demo_users import DEMO_PASSWORD
from lika.organisations.models import OrganisationUnit
from lika.plans.models import Node, NodeLink, SteeringDocument
from lika.reference.models import Perspective
from tests.conftest import EOP, HALMSTAD, QOL

pytestmark = pytest.mark.django_db  # also what makes pytest-django create the test database
OPEN = "helsingborg-lika-2025"
PUBLISHED = "helsingborg-lika-2023"
DRAFT_ROUND = "helsingborg-lika-2027-utkast"
PERSONAS = [
    "anonymous",
    "hbg-agare",
    "hbg-samordnare",
    "hbg-soc",
    "hbg-kultur",
    "hbg-analytiker",
    "hbg-lasare",
    "hst-agare",
]
LOGIN = 302  # anonymous: redirected to the login page (checked in the test)
KULTUR_TITLE_6 = "Matris: Lovaktiviteter på biblioteket"
KULTUR_TITLE_7 = "Matris: Ramp till scenen"
PDF = b"%PDF-1.7\nmatris"


# --- The demo state, once per module ---------------------------------------------


@dataclass
class Demo:
    ids: dict
    clients: dict
    secrets: dict  # persona -> texts no page may show them
    state: dict  # followup_state() of the demo, which every test starts from


COORDINATED = {"4", "6", "8", "9", "10", "11"}
REPORTS_FOR = {"hbg-soc": "socialforvaltningen", "hbg-kultur": "kulturforvaltningen"}


def _may_see_example(persona, unit, code, state) -> bool:
    """The rules, written out independently of the app's permission code."""
    if persona == "hbg-agare":
        return True
    if persona in REPORTS_FOR:
        return unit == REPORTS_FOR[persona]
    if persona == "hbg-samordnare":
        return state != "draft" and code in COORDINATED
    return False


def _may_see_answers(persona, unit) -> bool:
    return persona == "hbg-agare" or REPORTS_FOR.get(persona) == unit


def _secrets() -> dict[str, set[str]]:
    """Per persona: example titles and answers of both rounds they may not see, and rounds that are not theirs.
    Approved examples of the published round are public (the measure pages show them to residents)."""
    rounds = [OPEN, PUBLISHED]
    examples = list(
        Example.objects.filter(measure_report__submission__round__identifier__in=rounds).values_list(
            "title", "measure_report__submission__unit__key", "measure_report__measure__code", "measure_report__submission__state"
        )
    )
    # Residents see the approved examples of published rounds on the public measure pages.
    public = set(
        Example.objects.filter(
            measure_report__submission__round__identifier__in=rounds,
            measure_report__submission__round__state="published",
            measure_report__review_state="approved",
        ).values_list("title", flat=True)
    )
    answers = [
        (text.strip().splitlines()[0][:40], unit)
        for text, unit in Answer.objects.filter(submission__round__identifier__in=rounds)
        .exclude(text="")
        .values_list("text", "submission__unit__key")
    ]
    assert examples and answers
    secrets = {}
    for persona in PERSONAS:
        visible = {title for title, *where in examples if _may_see_example(persona, *where)} | public
        visible |= {snippet for snippet, unit in answers if _may_see_answers(persona, unit)}
        hidden = {title for title, *_where in examples} | {snippet for snippet, _unit in answers}
        secrets[persona] = hidden - visible
        if persona != "hbg-agare":
            secrets[persona] |= {DRAFT_ROUND, "Uppföljning 2027 (utkast)"}
        if persona in ("anonymous", "hst-agare"):
            # The published 2023 round is public; the open 2025 round is not theirs to see.
            secrets[persona] |= {OPEN, "Uppföljning 2025 (demo)"}
    return secrets


def _reporter(round_, unit):
    return RoundAccess(round_, None, False, frozenset({unit.pk}), set())


@pytest.fixture(scope="module", autouse=True)
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo rounds, plus Kulturförvaltningen's draft and two attachments; one logged-in client per persona."""
    from lika.followup.demo import ensure_demo_rounds

    media = tmp_path_factory.mktemp("media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=str(media)), transaction.atomic():
        today = timezone.localdate()
        ensure_demo_rounds(today)
        open_round = FollowUpRound.objects.get(identifier=OPEN)
        eop = open_round.document
        FollowUpRound.objects.create(
            document=eop,
            identifier=DRAFT_ROUND,
            title_sv="Uppföljning 2027 (utkast)",
            period_start=today,
            period_end=today + timedelta(days=700),
            opens_on=today + timedelta(days=600),
            closes_on=today + timedelta(days=650),
            state=RoundState.DRAFT,
        )
        units = {u.key: u for u in OrganisationUnit.objects.filter(municipality=eop.municipality)}

        # Kulturförvaltningen (hbg-kultur's unit) has a draft with examples under 6 (coordinated) and 7 (not).
        kultur = units["kulturforvaltningen"]
        submission = actions.get_or_create_submission(open_round, kultur, user=None)
        reports = {r.measure.code: r for r in submission.measure_reports.select_related("measure")}
        made = {}
        for code, title in (("6", KULTUR_TITLE_6), ("7", KULTUR_TITLE_7)):
            made[code] = actions.save_example(
                reports[code],
                actions.ExampleInput(
                    fields={"title": title, "what_was_done": "Matristext."},
                    related_measures=[],
                    perspectives=[],
                    partner_units=[],
                ),
                who=_reporter(open_round, kultur),
                user=None,
            )
        kultur_attachment = actions.add_attachment(
            made["6"], SimpleUploadedFile("kultur.pdf", PDF), "application/pdf", who=_reporter(open_round, kultur), user=None
        )
        # Stadsbyggnadsförvaltningen's returned submission is editable again, so its reporter could attach a file.
        sbf_example = Example.objects.get(
            measure_report__submission__round=open_round,
            measure_report__submission__unit__key="stadsbyggnadsforvaltningen",
            measure_report__measure__code="6",
        )
        sbf_attachment = actions.add_attachment(
            sbf_example,
            SimpleUploadedFile("dialog.pdf", PDF),
            "application/pdf",
            who=_reporter(open_round, units["stadsbyggnadsforvaltningen"]),
            user=None,
        )

        def example_in(round_identifier, unit, code):
            return Example.objects.filter(
                measure_report__submission__round__identifier=round_identifier,
                measure_report__submission__unit__key=unit,
                measure_report__measure__code=code,
            ).order_by("position", "pk").first()

        ids = {
            "open": OPEN,
            "published": PUBLISHED,
            "draft_round": DRAFT_ROUND,
            "eop": EOP,
            "qol": QOL,
            "hst": HALMSTAD,
            "kultur_example_6": made["6"].pk,
            "kultur_example_7": made["7"].pk,
            "kultur_attachment": kultur_attachment.pk,
            "amf_example_6": example_in(OPEN, "arbetsmarknadsforvaltningen", "6").pk,
            "sbf_example_6": sbf_example.pk,
            "sbf_attachment": sbf_attachment.pk,
            "kultur_2023_example_6": example_in(PUBLISHED, "kulturforvaltningen", "6").pk,
            "eop_pk": eop.pk,
            "hst_pk": SteeringDocument.objects.get(identifier=HALMSTAD).pk,
            "hst_node": Node.objects.filter(document__identifier=HALMSTAD, children__isnull=True).first().pk,
            "hst_unit": OrganisationUnit.objects.get(municipality__slug="halmstad", key="klf-tillvaxtavdelningen").pk,
            "qol_node": Node.objects.filter(document__identifier=QOL, children__isnull=True).first().pk,
            "eop_node_8": Node.objects.get(document=eop, code="8").pk,
            "eop_node_6": Node.objects.get(document=eop, code="6").pk,
            "partner_unit": units["socialforvaltningen"].pk,
            "ethnicity": Perspective.objects.get(key="ethnicity").pk,
        }
        clients = {"anonymous": Client()}
        secrets = _secrets()
        for persona in PERSONAS[1:]:
            clients[persona] = Client()
            assert clients[persona].login(username=persona, password=DEMO_PASSWORD), persona
        yield Demo(ids, clients, secrets, followup_state())
        transaction.set_rollback(True)


# --- The matrix --------------------------------------------------------------------


def expect(default: int, *, anonymous: int = LOGIN, **persona: int) -> dict[str, int]:
    """Every persona gets `default` except those named (hbg_soc=200 means hbg-soc gets 200)."""
    statuses = {name: default for name in PERSONAS}
    statuses["anonymous"] = anonymous
    for name, status in persona.items():
        assert name.replace("_", "-") in statuses, name
        statuses[name.replace("_", "-")] = status
    return statuses


PUBLIC = expect(200, anonymous=200)
MEMBERS = expect(200, hst_agare=404)  # Helsingborg's people; the other municipality sees nothing
PLANNERS = expect(404, hbg_agare=200, hbg_samordnare=200)  # plan owner and coordinators
OWNER = expect(404, hbg_agare=200)
NOBODY = expect(404)


def unit_page(own: str | None = None, *, coordinator: int = 404, owner: int = 200) -> dict[str, int]:
    """A unit's page: its own reporter and the plan owner see it; the coordinator as given; nobody else."""
    statuses = expect(404, hbg_agare=owner, hbg_samordnare=coordinator)
    if own:
        statuses[own] = 200
    return statuses


SUB = "/followup/{open}/units/"
OLD = "/followup/{published}/units/"
MATRIX = [
    # Public plan pages of adopted documents: everyone, without a login.
    ("plans-documents", "/helsingborg/", PUBLIC),
    ("plans-tree", "/helsingborg/documents/{eop}/?expand=all", PUBLIC),
    ("plans-node", "/helsingborg/documents/{eop}/nodes/6/", PUBLIC),
    ("plans-unit", "/helsingborg/units/kulturforvaltningen/", PUBLIC),
    ("plans-matrix", "/helsingborg/documents/{eop}/matrix/", PUBLIC),
    ("plans-matrix-csv", "/helsingborg/documents/{eop}/matrix.csv", PUBLIC),
    ("plans-matrix-xlsx", "/helsingborg/documents/{eop}/matrix.xlsx", PUBLIC),
    ("plans-traceability", "/helsingborg/documents/{eop}/traceability/", PUBLIC),
    ("plans-yaml", "/helsingborg/documents/{eop}/plan.yaml", PUBLIC),
    ("plans-import", "/helsingborg/import/", expect(403, hbg_agare=200)),
    # Rounds.
    ("my-page", "/my/", expect(200)),
    ("followup-rounds", "/followup/", expect(200)),
    ("followup-round-create", "/followup/new/", expect(404, hbg_agare=200, hst_agare=200)),
    ("followup-round-open", "/followup/{open}/", MEMBERS),
    ("followup-round-published", "/followup/{published}/", MEMBERS),
    ("followup-round-draft", "/followup/{draft_round}/", OWNER),
    ("followup-round-unknown", "/followup/no-such-round/", NOBODY),
    ("followup-round-edit", "/followup/{open}/edit/", OWNER),
    # Analysis and its downloads: plan owner and coordinators.
    ("followup-analysis", "/followup/{open}/analysis/", PLANNERS),
    ("followup-analysis-published", "/followup/{published}/analysis/", PLANNERS),
    ("followup-analysis-draft-round", "/followup/{draft_round}/analysis/", OWNER),
    ("followup-analysis-csv", "/followup/{open}/analysis/per-measure.csv", PLANNERS),
    ("followup-analysis-heatmap-xlsx", "/followup/{open}/analysis/heatmap.xlsx", PLANNERS),
    # Kulturförvaltningen's draft: hbg-kultur and the plan owner; drafts are invisible to coordinators.
    ("kultur-submission", SUB + "kulturforvaltningen/", unit_page("hbg-kultur")),
    ("kultur-history", SUB + "kulturforvaltningen/history/", unit_page("hbg-kultur")),
    ("kultur-answers", SUB + "kulturforvaltningen/answers/", unit_page("hbg-kultur", owner=404)),
    ("kultur-report-6", SUB + "kulturforvaltningen/measures/6/", unit_page("hbg-kultur")),
    ("kultur-example-6", SUB + "kulturforvaltningen/measures/6/examples/{kultur_example_6}/", unit_page("hbg-kultur")),
    ("kultur-example-new-6", SUB + "kulturforvaltningen/measures/6/examples/new/", unit_page("hbg-kultur", owner=404)),
    (
        "kultur-attachment",
        SUB + "kulturforvaltningen/measures/6/examples/{kultur_example_6}/attachments/{kultur_attachment}/",
        unit_page("hbg-kultur"),
    ),
    # Socialförvaltningen has not started: its reporter and the plan owner see the empty page.
    ("soc-submission-not-started", SUB + "socialforvaltningen/", unit_page("hbg-soc")),
    # Arbetsmarknadsförvaltningen has submitted (6 and 9 with examples): the coordinator sees 6, not 2.
    ("amf-submission", SUB + "arbetsmarknadsforvaltningen/", unit_page(coordinator=200)),
    ("amf-history", SUB + "arbetsmarknadsforvaltningen/history/", unit_page(coordinator=200)),
    ("amf-report-6", SUB + "arbetsmarknadsforvaltningen/measures/6/", unit_page(coordinator=200)),
    ("amf-report-2", SUB + "arbetsmarknadsforvaltningen/measures/2/", unit_page(coordinator=404)),
    ("amf-example-6", SUB + "arbetsmarknadsforvaltningen/measures/6/examples/{amf_example_6}/", unit_page(coordinator=200)),
    ("amf-example-new-6", SUB + "arbetsmarknadsforvaltningen/measures/6/examples/new/", NOBODY),
    # Stadsbyggnadsförvaltningen was returned (6): the coordinator still sees it and its attachment.
    ("sbf-submission", SUB + "stadsbyggnadsforvaltningen/", unit_page(coordinator=200)),
    ("sbf-report-6", SUB + "stadsbyggnadsforvaltningen/measures/6/", unit_page(coordinator=200)),
    ("sbf-example-6", SUB + "stadsbyggnadsforvaltningen/measures/6/examples/{sbf_example_6}/", unit_page(coordinator=200)),
    (
        "sbf-attachment",
        SUB + "stadsbyggnadsforvaltningen/measures/6/examples/{sbf_example_6}/attachments/{sbf_attachment}/",
        unit_page(coordinator=200),
    ),
    # Skol- och fritidsförvaltningen is approved (7, 15): neither measure is the coordinator's.
    ("skol-submission", SUB + "skol-och-fritidsforvaltningen/", unit_page(coordinator=200)),
    ("skol-report-7", SUB + "skol-och-fritidsforvaltningen/measures/7/", unit_page(coordinator=404)),
    ("skol-history", SUB + "skol-och-fritidsforvaltningen/history/", unit_page(coordinator=200)),
    # Vård- och omsorgsförvaltningen's draft: not even the measure the coordinator coordinates (4).
    ("vof-submission-draft", SUB + "vard-och-omsorgsforvaltningen/", unit_page(coordinator=404)),
    ("vof-report-4-draft", SUB + "vard-och-omsorgsforvaltningen/measures/4/", unit_page(coordinator=404)),
    # What does not exist looks exactly like what one may not see.
    ("unknown-unit", SUB + "no-such-unit/", NOBODY),
    ("other-municipality-unit", SUB + "klf-tillvaxtavdelningen/", NOBODY),
    ("unknown-example", SUB + "kulturforvaltningen/measures/6/examples/999999/", NOBODY),
    # Ids swapped into a path one may see: another report's example and attachment are not found.
    ("amf-path-with-kultur-example", SUB + "arbetsmarknadsforvaltningen/measures/6/examples/{kultur_example_6}/", NOBODY),
    (
        "sbf-path-with-kultur-attachment",
        SUB + "stadsbyggnadsforvaltningen/measures/6/examples/{sbf_example_6}/attachments/{kultur_attachment}/",
        NOBODY,
    ),
    ("kultur-6-path-with-kultur-7-example", SUB + "kulturforvaltningen/measures/6/examples/{kultur_example_7}/", NOBODY),
    # The published 2023 round: each reporter sees their own unit, the coordinator 6 but not 7.
    ("2023-kultur-submission", OLD + "kulturforvaltningen/", unit_page("hbg-kultur", coordinator=200)),
    ("2023-kultur-report-6", OLD + "kulturforvaltningen/measures/6/", unit_page("hbg-kultur", coordinator=200)),
    ("2023-kultur-report-7", OLD + "kulturforvaltningen/measures/7/", unit_page("hbg-kultur", coordinator=404)),
    (
        "2023-kultur-example-6",
        OLD + "kulturforvaltningen/measures/6/examples/{kultur_2023_example_6}/",
        unit_page("hbg-kultur", coordinator=200),
    ),
    ("2023-amf-submission", OLD + "arbetsmarknadsforvaltningen/", unit_page(coordinator=200)),
    ("2023-soc-submission", OLD + "socialforvaltningen/", unit_page("hbg-soc", coordinator=200)),
    ("2023-soc-report-2", OLD + "socialforvaltningen/measures/2/", unit_page("hbg-soc", coordinator=404)),
]
CASES = [(name, url, persona, statuses[persona]) for name, url, statuses in MATRIX for persona in PERSONAS]


def page_text(response) -> str:
    """The text of a page or download: HTML, CSV, YAML, the XML inside an XLSX, or a file's bytes."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    if body.startswith(b"PK"):
        with zipfile.ZipFile(io.BytesIO(body)) as xlsx:
            return "".join(xlsx.read(name).decode("utf-8") for name in xlsx.namelist() if name.endswith(".xml"))
    return body.decode("utf-8", errors="replace")


@pytest.mark.parametrize(
    ("name", "url", "persona", "status"), CASES, ids=[f"{name}-as-{persona}" for name, _url, persona, _s in CASES]
)
def test_each_persona_gets_the_status_the_rules_give(demo, name, url, persona, status):
    """And a page they may see shows no example, and no round, that they may not see."""
    response = demo.clients[persona].get(url.format(**demo.ids))
    assert response.status_code == status, f"{persona} GET {url.format(**demo.ids)}"
    if persona == "anonymous" and status == LOGIN:
        assert response["Location"].startswith("/accounts/login/?next=")
    if status == 200:
        text = page_text(response)
        leaked = sorted(secret for secret in demo.secrets[persona] if secret in text or escape(secret) in text)
        assert not leaked, f"{persona} GET {url.format(**demo.ids)} shows {leaked}"


def test_the_matrix_names_every_persona_on_every_row():
    assert len({name for name, _url, _s in MATRIX}) == len(MATRIX)
    assert all(set(statuses) == set(PERSONAS) for _name, _url, statuses in MATRIX)


def test_the_leak_check_would_notice_a_title_or_an_answer(demo):
    """The matrix's content check is not vacuous: the secrets are on the pages of those who may see them."""
    jobbcoacher = "Demo: Jobbcoacher på plats i Drottninghög"
    assert jobbcoacher in demo.secrets["hbg-soc"] and jobbcoacher not in demo.secrets["hbg-samordnare"]
    assert KULTUR_TITLE_6 in demo.secrets["hbg-samordnare"] and KULTUR_TITLE_6 not in demo.secrets["hbg-kultur"]
    owner = demo.clients["hbg-agare"]
    assert jobbcoacher in owner.get(f"/followup/{OPEN}/units/arbetsmarknadsforvaltningen/measures/6/").content.decode()
    page = owner.get(f"/followup/{PUBLISHED}/units/arbetsmarknadsforvaltningen/").content.decode()
    answer = Answer.objects.filter(submission__round__identifier=PUBLISHED, submission__unit__key="arbetsmarknadsforvaltningen").first()
    snippet = answer.text.strip().splitlines()[0][:40]
    assert snippet in demo.secrets["hbg-samordnare"] and escape(snippet) in page


# --- Actions: refused for everyone who may not, and nothing moves -----------------


def followup_state() -> dict:
    """Everything a follow-up action could change, for before/after comparisons.

    Examples are compared by title and `updated_at` (every save sets it); events only ever grow.
    """
    relations = {name: getattr(Example, name).through for name in ("related_measures", "perspectives", "partner_units")}
    return {
        "rounds": list(
            FollowUpRound.objects.order_by("pk").values_list("identifier", "state", "title_sv", "closes_on", "max_examples")
        ),
        "questions": list(RoundQuestion.objects.order_by("pk").values_list("round_id", "key", "text_sv")),
        "submissions": list(Submission.objects.order_by("pk").values_list("pk", "unit_id", "state", "updated_at")),
        "reports": list(
            MeasureReport.objects.order_by("pk").values_list("pk", "status", "comment", "review_state", "changed_since_review")
        ),
        "examples": list(Example.objects.order_by("pk").values_list("pk", "measure_report_id", "title", "updated_at")),
        **{name: model.objects.count() for name, model in relations.items()},
        "attachments": list(Attachment.objects.order_by("pk").values_list("pk", "example_id")),
        "answers": list(Answer.objects.order_by("pk").values_list("submission_id", "question_id", "text")),
        "events": SubmissionEvent.objects.aggregate(count=Count("pk"), last=Max("pk")),
        "reminders": ReminderSent.objects.count(),
    }


def _submission(unit, round_identifier=OPEN):
    return Submission.objects.filter(round__identifier=round_identifier, unit__key=unit).first()


def _report(unit, code, round_identifier=OPEN):
    return MeasureReport.objects.get(
        submission__round__identifier=round_identifier, submission__unit__key=unit, measure__code=code
    )


def example_data(ids, **extra):
    data = {
        "title": "Intrång: ett exempel som inte ska sparas",
        "what_was_done": "Skrivet av någon som inte får.",
        "effects": "",
        "effects_kind": "",
        "learning": "",
        "perspectives": [ids["ethnicity"]],
        "links": "",
    }
    data.update(extra)
    return data


def round_data(ids, **extra):
    today = timezone.localdate()
    data = {
        "document": ids["eop_pk"],
        "identifier": "helsingborg-lika-intrang",
        "title_sv": "Intrångsrunda",
        "title_en": "",
        "reference_number": "",
        "period_start": str(today),
        "period_end": str(today + timedelta(days=300)),
        "opens_on": str(today),
        "closes_on": str(today + timedelta(days=30)),
        "max_examples": "3",
        "reminder_days": "7",
        "questions_sv": "",
        "questions_en": "",
    }
    data.update(extra)
    return data


def _round_edit_data(ids):
    round_ = FollowUpRound.objects.get(identifier=OPEN)
    return round_data(
        ids,
        identifier=OPEN,
        title_sv="Omdöpt av någon som inte får",
        title_en=round_.title_en,
        period_start=str(round_.period_start),
        period_end=str(round_.period_end),
        opens_on=str(round_.opens_on),
        closes_on=str(round_.closes_on),
        questions_sv="\n".join(q.text_sv for q in round_.questions.order_by("position")),
        questions_en="\n".join(q.text_en for q in round_.questions.order_by("position")),
        version=actions.round_settings_version(round_),
    )


@dataclass
class Action:
    name: str
    url: str
    data: object  # a function of the ids
    watch: object  # a function of the ids: the state this action would change
    allowed: tuple[str, ...]  # who may; the first is the control below (empty: none of the demo personas)
    elsewhere: tuple = ()  # personas whose refusal is a form error, tested on its own below

    def refused(self) -> list[str]:
        return [p for p in PERSONAS if p not in self.allowed and p not in self.elsewhere]


KULTUR = SUB + "kulturforvaltningen/"
SBF = SUB + "stadsbyggnadsforvaltningen/"
ACTIONS = [
    # A unit's own submission: only its reporter starts, fills in and submits it (not the plan owner, not the
    # coordinator); Kulturförvaltningen's draft is hbg-kultur's.
    Action(
        "start-socialforvaltningen",
        SUB + "socialforvaltningen/start/",
        lambda ids: {},
        lambda ids: _submission("socialforvaltningen") is not None,
        ("hbg-soc",),
    ),
    Action(
        "submit-kulturforvaltningen",
        KULTUR + "submit/",
        lambda ids: {},
        lambda ids: _submission("kulturforvaltningen").state,
        ("hbg-kultur",),
    ),
    Action(
        "answers-kulturforvaltningen",
        KULTUR + "answers/",
        lambda ids: {"q_q1": "Intrång 1", "q_q2": "Intrång 2", "version": actions.answers_version(_submission("kulturforvaltningen"))},
        lambda ids: sorted(Answer.objects.filter(submission=_submission("kulturforvaltningen")).values_list("text", flat=True)),
        ("hbg-kultur",),
    ),
    Action(
        "report-status-kulturforvaltningen-6",
        KULTUR + "measures/6/",
        lambda ids: {"status": "ordinary_operations", "comment": "Intrång", "version": measure_report_version(_report("kulturforvaltningen", "6"))},
        lambda ids: (_report("kulturforvaltningen", "6").status, _report("kulturforvaltningen", "6").comment),
        ("hbg-kultur",),
    ),
    Action(
        "example-new-kulturforvaltningen-6",
        KULTUR + "measures/6/examples/new/",
        example_data,
        lambda ids: _report("kulturforvaltningen", "6").examples.count(),
        ("hbg-kultur",),
    ),
    Action(
        "example-edit-kulturforvaltningen-6",
        KULTUR + "measures/6/examples/{kultur_example_6}/",
        lambda ids: example_data(ids, version=example_version(Example.objects.get(pk=ids["kultur_example_6"]))),
        lambda ids: Example.objects.get(pk=ids["kultur_example_6"]).title,
        ("hbg-kultur",),
    ),
    Action(
        "example-delete-kulturforvaltningen-6",
        KULTUR + "measures/6/examples/{kultur_example_6}/delete/",
        lambda ids: {},
        lambda ids: Example.objects.filter(pk=ids["kultur_example_6"]).exists(),
        ("hbg-kultur",),
    ),
    Action(
        "attachment-delete-kulturforvaltningen-6",
        KULTUR + "measures/6/examples/{kultur_example_6}/attachments/{kultur_attachment}/delete/",
        lambda ids: {},
        lambda ids: Attachment.objects.filter(pk=ids["kultur_attachment"]).exists(),
        ("hbg-kultur",),
    ),
    # Stadsbyggnadsförvaltningen's returned submission is editable again, but only by its own reporters
    # (none among the demo personas): hbg-kultur, the coordinator and the plan owner are all refused.
    Action(
        "report-status-stadsbyggnadsforvaltningen-6",
        SBF + "measures/6/",
        lambda ids: {"status": "ordinary_operations", "comment": "Intrång", "version": measure_report_version(_report("stadsbyggnadsforvaltningen", "6"))},
        lambda ids: (_report("stadsbyggnadsforvaltningen", "6").status, _report("stadsbyggnadsforvaltningen", "6").comment),
        (),
    ),
    Action(
        "example-edit-stadsbyggnadsforvaltningen-6",
        SBF + "measures/6/examples/{sbf_example_6}/",
        lambda ids: example_data(ids, version=example_version(Example.objects.get(pk=ids["sbf_example_6"]))),
        lambda ids: Example.objects.get(pk=ids["sbf_example_6"]).title,
        (),
    ),
    Action(
        "example-new-stadsbyggnadsforvaltningen-6",
        SBF + "measures/6/examples/new/",
        example_data,
        lambda ids: _report("stadsbyggnadsforvaltningen", "6").examples.count(),
        (),
    ),
    Action(
        "example-delete-stadsbyggnadsforvaltningen-6",
        SBF + "measures/6/examples/{sbf_example_6}/delete/",
        lambda ids: {},
        lambda ids: Example.objects.filter(pk=ids["sbf_example_6"]).exists(),
        (),
    ),
    Action(
        "attachment-delete-stadsbyggnadsforvaltningen-6",
        SBF + "measures/6/examples/{sbf_example_6}/attachments/{sbf_attachment}/delete/",
        lambda ids: {},
        lambda ids: Attachment.objects.filter(pk=ids["sbf_attachment"]).exists(),
        (),
    ),
    Action(
        "answers-stadsbyggnadsforvaltningen",
        SBF + "answers/",
        lambda ids: {"q_q1": "Intrång 1", "q_q2": "Intrång 2", "version": actions.answers_version(_submission("stadsbyggnadsforvaltningen"))},
        lambda ids: sorted(Answer.objects.filter(submission=_submission("stadsbyggnadsforvaltningen")).values_list("text", flat=True)),
        (),
    ),
    Action(
        "submit-stadsbyggnadsforvaltningen",
        SBF + "submit/",
        lambda ids: {},
        lambda ids: _submission("stadsbyggnadsforvaltningen").state,
        (),
    ),
    # Reviews: measure 6 is the coordinator's; 7 (Skol- och fritidsförvaltningen) and 2 are not.
    Action(
        "review-approve-arbetsmarknadsforvaltningen-6",
        SUB + "arbetsmarknadsforvaltningen/measures/6/review/",
        lambda ids: {"decision": "approve", "comment": ""},
        lambda ids: _report("arbetsmarknadsforvaltningen", "6").review_state,
        ("hbg-samordnare", "hbg-agare"),
    ),
    Action(
        "review-return-skol-och-fritidsforvaltningen-7",
        SUB + "skol-och-fritidsforvaltningen/measures/7/review/",
        lambda ids: {"decision": "return", "comment": "Intrång: komplettera."},
        lambda ids: (_report("skol-och-fritidsforvaltningen", "7").review_state, _submission("skol-och-fritidsforvaltningen").state),
        ("hbg-agare",),
    ),
    Action(
        "review-comment-arbetsmarknadsforvaltningen-2",
        SUB + "arbetsmarknadsforvaltningen/measures/2/review/",
        lambda ids: {"decision": "comment", "comment": "Intrång: en kommentar."},
        lambda ids: SubmissionEvent.objects.filter(submission=_submission("arbetsmarknadsforvaltningen"), action="commented").count(),
        ("hbg-agare",),
    ),
    # The round itself: only the plan owner.
    Action(
        "round-state-close",
        "/followup/{open}/state/",
        lambda ids: {"state": "closed"},
        lambda ids: FollowUpRound.objects.get(identifier=OPEN).state,
        ("hbg-agare",),
    ),
    Action(
        "round-remind",
        "/followup/{open}/remind/",
        lambda ids: {},
        lambda ids: ReminderSent.objects.filter(round__identifier=OPEN).count(),
        ("hbg-agare",),
    ),
    Action(
        "round-edit",
        "/followup/{open}/edit/",
        _round_edit_data,
        lambda ids: FollowUpRound.objects.get(identifier=OPEN).title_sv,
        ("hbg-agare",),
    ),
    Action(
        "round-create",
        "/followup/new/",
        round_data,
        lambda ids: FollowUpRound.objects.filter(document__identifier=EOP).count(),
        ("hbg-agare",),
        elsewhere=("hst-agare",),  # Halmstad's owner may create rounds, not for this document
    ),
]
REFUSED = [(action, persona) for action in ACTIONS for persona in action.refused()]


@pytest.mark.parametrize(
    ("action", "persona"), REFUSED, ids=[f"{action.name}-by-{persona}" for action, persona in REFUSED]
)
def test_a_refused_action_changes_nothing(demo, action, persona):
    before, watched = demo.state, action.watch(demo.ids)
    response = demo.clients[persona].post(action.url.format(**demo.ids), action.data(demo.ids))
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        # A redirect is a refusal only if it goes to the login page or back to the page, with an error.
        location = response["Location"]
        assert location.startswith("/accounts/login/") if persona == "anonymous" else not location.startswith("/accounts/")
    assert action.watch(demo.ids) == watched
    assert followup_state() == before


CONTROLS = [action for action in ACTIONS if action.allowed and action.name != "round-remind"]


@pytest.mark.parametrize("action", CONTROLS, ids=[f"{a.name}-by-{a.allowed[0]}" for a in CONTROLS])
def test_the_same_post_works_for_the_one_who_may(demo, action):
    """Proves the refusals above are about who asks: the same data succeed for the allowed persona."""
    watched = action.watch(demo.ids)
    response = demo.clients[action.allowed[0]].post(action.url.format(**demo.ids), action.data(demo.ids))
    assert response.status_code == 302
    assert action.watch(demo.ids) != watched


def test_the_plan_owner_may_remind_and_nothing_is_due_three_weeks_before_the_deadline(demo):
    response = demo.clients["hbg-agare"].post(f"/followup/{OPEN}/remind/")
    assert response.status_code == 302
    assert not ReminderSent.objects.exists()


def test_hbg_soc_cannot_post_an_example_into_kulturforvaltningens_report(demo):
    report = _report("kulturforvaltningen", "6")
    count = report.examples.count()
    url = f"/followup/{OPEN}/units/kulturforvaltningen/measures/6/examples/new/"
    response = demo.clients["hbg-soc"].post(url, example_data(demo.ids))
    assert response.status_code == 404
    assert report.examples.count() == count
    assert not Example.objects.filter(title__startswith="Intrång").exists()


def test_hbg_kultur_cannot_edit_stadsbyggnadsforvaltningens_returned_submission(demo):
    submission = _submission("stadsbyggnadsforvaltningen")
    assert submission.state == "returned" and submission.is_editable
    client = demo.clients["hbg-kultur"]
    base = f"/followup/{OPEN}/units/stadsbyggnadsforvaltningen/"
    example = Example.objects.get(pk=demo.ids["sbf_example_6"])
    assert client.post(base + f"measures/6/examples/{example.pk}/", example_data(demo.ids)).status_code == 404
    assert client.post(base + "measures/6/", {"status": "ordinary_operations", "comment": ""}).status_code == 404
    assert client.post(base + "submit/").status_code == 404
    submission.refresh_from_db()
    example.refresh_from_db()
    assert submission.state == "returned"
    assert example.title == "Demo: Medborgardialog om parken i Dalhem"
    assert _report("stadsbyggnadsforvaltningen", "6").status == "under_way"


def test_the_coordinator_cannot_review_a_measure_they_do_not_coordinate(demo):
    before = _report("skol-och-fritidsforvaltningen", "7").review_state
    response = demo.clients["hbg-samordnare"].post(
        f"/followup/{OPEN}/units/skol-och-fritidsforvaltningen/measures/7/review/", {"decision": "return", "comment": "Nej."}
    )
    assert response.status_code == 404
    assert before == "approved" == _report("skol-och-fritidsforvaltningen", "7").review_state
    assert _submission("skol-och-fritidsforvaltningen").state == "approved"


@pytest.mark.parametrize("persona", ["hbg-soc", "hbg-kultur"])
def test_a_reporter_cannot_change_the_state_of_a_round(demo, persona):
    response = demo.clients[persona].post(f"/followup/{OPEN}/state/", {"state": "closed"})
    assert response.status_code in (302, 404)
    assert FollowUpRound.objects.get(identifier=OPEN).state == "open"


# --- Tampered form fields ------------------------------------------------------------


TAMPERING = [
    ("related-measure-of-another-municipality", "related_measures", lambda ids: {"related_measures": [ids["hst_node"]]}),
    ("related-measure-of-another-document", "related_measures", lambda ids: {"related_measures": [ids["qol_node"]]}),
    ("related-measure-is-the-measure-itself", "related_measures", lambda ids: {"related_measures": [ids["eop_node_6"]]}),
    ("partner-unit-of-another-municipality", "partner_units", lambda ids: {"partner_units": [ids["hst_unit"]]}),
]


@pytest.mark.parametrize(("case", "field", "tamper"), TAMPERING, ids=[case for case, _f, _t in TAMPERING])
@pytest.mark.parametrize("target", ["new", "existing"])
def test_a_tampered_example_gets_a_form_error_and_nothing_is_saved(demo, case, field, tamper, target):
    url = f"/followup/{OPEN}/units/kulturforvaltningen/measures/6/examples/"
    url += "new/" if target == "new" else f"{demo.ids['kultur_example_6']}/"
    before = demo.state
    response = demo.clients["hbg-kultur"].post(url, example_data(demo.ids, **tamper(demo.ids)))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert followup_state() == before


def test_the_untampered_example_is_saved(demo):
    """The control for the tampering cases: a measure and a unit of the same plan and municipality are fine."""
    response = demo.clients["hbg-kultur"].post(
        f"/followup/{OPEN}/units/kulturforvaltningen/measures/6/examples/new/",
        example_data(demo.ids, related_measures=[demo.ids["eop_node_8"]], partner_units=[demo.ids["partner_unit"]]),
    )
    assert response.status_code == 302
    saved = Example.objects.get(title__startswith="Intrång")
    assert [n.code for n in saved.related_measures.all()] == ["8"]
    assert [u.key for u in saved.partner_units.all()] == ["socialforvaltningen"]


@pytest.mark.parametrize(
    ("persona", "document"), [("hst-agare", "eop_pk"), ("hbg-agare", "hst_pk")], ids=["hst-agare-for-helsingborg", "hbg-agare-for-halmstad"]
)
def test_a_plan_owner_cannot_create_a_round_for_another_municipalitys_document(demo, persona, document):
    before = demo.state
    response = demo.clients[persona].post("/followup/new/", round_data(demo.ids, document=demo.ids[document]))
    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert followup_state() == before


def test_editing_a_round_cannot_move_it_to_another_document_or_identifier(demo):
    response = demo.clients["hbg-agare"].post(
        f"/followup/{OPEN}/edit/", {**_round_edit_data(demo.ids), "document": demo.ids["hst_pk"], "identifier": "flyttad"}
    )
    assert response.status_code == 302
    round_ = FollowUpRound.objects.get(title_sv="Omdöpt av någon som inte får")
    assert (round_.identifier, round_.document.identifier) == (OPEN, EOP)


# --- Unpublished material never reaches public pages ---------------------------------


PUBLIC_PAGES = [url for _name, url, statuses in MATRIX if statuses["anonymous"] == 200]


def test_public_pages_show_no_example_of_the_open_round(demo):
    titles = list(Example.objects.filter(measure_report__submission__round__identifier=OPEN).values_list("title", flat=True))
    assert "Demo: Jobbcoacher på plats i Drottninghög" in titles and KULTUR_TITLE_6 in titles
    for url in [*PUBLIC_PAGES, "/helsingborg/units/arbetsmarknadsforvaltningen/", "/helsingborg/documents/{eop}/nodes/8/"]:
        response = demo.clients["anonymous"].get(url.format(**demo.ids))
        assert response.status_code == 200, url
        text = page_text(response)
        for title in titles:
            assert title not in text, (url, title)


def test_the_analysis_leaves_drafts_out(demo):
    """Kulturförvaltningen's draft examples must not reach the coordinator through the analysis either."""
    body = demo.clients["hbg-samordnare"].get(f"/followup/{OPEN}/analysis/per-unit.csv").content.decode("utf-8-sig")
    rows = dict(line.rsplit(",", 1) for line in body.splitlines()[1:])
    assert rows["Arbetsmarknadsförvaltningen"] == "2"
    assert rows["Kulturförvaltningen"] == "0"


EOP_PAGES = [url for _name, url, statuses in MATRIX if statuses["anonymous"] == 200 and "{eop}" in url]


def test_a_draft_document_disappears_for_everyone_outside_the_municipality(demo):
    qol_target = NodeLink.objects.filter(source__document__identifier=EOP, target__document__identifier=QOL).first().target
    related = [
        "/helsingborg/",
        f"/helsingborg/documents/{QOL}/",
        f"/helsingborg/documents/{QOL}/nodes/{qol_target.code}/",
        "/helsingborg/units/kulturforvaltningen/",
    ]
    adopted = [demo.clients["anonymous"].get(url).content.decode() for url in related]
    assert all(EOP in text for text in adopted)  # while adopted, each of these pages links to the plan

    SteeringDocument.objects.filter(identifier=EOP).update(status="draft")
    title = SteeringDocument.objects.get(identifier=EOP).title_sv
    for persona in ("anonymous", "hst-agare"):
        client = demo.clients[persona]
        for url in EOP_PAGES:
            assert client.get(url.format(**demo.ids)).status_code == 404, (persona, url)
        # Pages of the public programme and the organisation no longer mention or link to it.
        for url in related:
            response = client.get(url)
            assert response.status_code == 200, (persona, url)
            text = response.content.decode()
            assert EOP not in text and title not in text, (persona, url)
    reader = demo.clients["hbg-lasare"]
    for url in EOP_PAGES:
        assert reader.get(url.format(**demo.ids)).status_code == 200, url


def test_every_test_starts_from_the_demo_state(demo):
    """Runs last: what the tests above changed was rolled back, so `demo.state` is a fair "before"."""
    assert followup_state() == demo.state
