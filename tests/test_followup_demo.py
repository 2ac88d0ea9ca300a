"""The 2023 follow-up, loaded from the report's appendix, shows what the report itself concluded."""

import io
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from lika.followup.analysis_data import round_analysis
from lika.followup.followupfile import export_round
from lika.followup.models import Example, FollowUpRound
from tests.conftest import DEMO

pytestmark = pytest.mark.django_db
ROUND = "helsingborg-lika-2023"


@pytest.fixture(autouse=True)
def demo_rounds(db):
    from lika.followup.demo import ensure_demo_rounds

    ensure_demo_rounds(timezone.localdate())


def summary():
    out = io.StringIO()
    call_command("followup", "summary", ROUND, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def test_the_2023_round_is_published_with_every_example_approved():
    round_ = FollowUpRound.objects.get(identifier=ROUND)
    assert round_.state == "published"
    assert set(round_.submissions.values_list("state", flat=True)) == {"approved"}
    assert Example.objects.filter(measure_report__submission__round=round_).count() == 39


def test_most_examples_are_under_measures_6_and_7_and_few_or_none_under_8_to_14():
    per_measure = summary()["examples_per_measure"]
    top_two = sorted(per_measure, key=per_measure.get, reverse=True)[:2]
    assert set(top_two) == {"6", "7"}
    assert all(per_measure[str(code)] <= 1 for code in range(8, 15))
    assert [code for code in map(str, range(8, 15)) if per_measure[code] == 0] == ["8", "10", "11", "13"]


def test_sexual_orientation_gender_identity_and_religion_have_the_fewest_examples():
    per_perspective = summary()["examples_per_perspective"]
    many = ("sex", "ethnicity", "disability", "socioeconomic", "child_rights")
    few = ("sexual_orientation", "gender_identity", "religion")
    assert min(per_perspective[key] for key in many) > max(per_perspective[key] for key in few)
    assert set(sorted(per_perspective, key=per_perspective.get)[:3]) == set(few)


def test_the_analysis_names_the_perspectives_and_measures_with_few_examples():
    figures = summary()
    assert figures["perspectives_with_few_examples"] == ["gender_identity", "religion", "sexual_orientation"]
    assert {"8", "9", "10", "12", "14"} <= set(figures["measures_with_few_examples"])


def test_many_examples_lack_effects_or_learning():
    figures = summary()
    assert 0 < figures["share_with_learning"] < figures["share_with_effects"] < 1
    assert figures["share_with_learning"] == round(7 / 39, 3)


def test_the_units_without_a_submission_are_named():
    assert summary()["units_without_submission"] == [
        "Helsingborg Arena och Scen AB",
        "Nordvästra Skånes Renhållnings AB",
        "Öresundskraft AB",
    ]


def test_the_json_summary_agrees_with_the_analysis_page(client_for):
    figures = summary()
    html = client_for("hbg-agare").get(f"/followup/{ROUND}/analysis/").content.decode()
    assert f"{figures['total_examples']} exempel från de enheter som har lämnat in" in html
    assert "Helsingborg Arena och Scen AB, Nordvästra Skånes Renhållnings AB, Öresundskraft AB" in html
    # Measures no example answers or relates to, as in the JSON.
    assert figures["measures_without_examples"] == ["11", "13", "17"]
    assert "<strong>11, 13, 17</strong>" in html


def test_the_open_round_compares_with_2023(client_for):
    html = client_for("hbg-agare").get("/followup/helsingborg-lika-2025/analysis/").content.decode()
    assert "Förändringar jämförs med Uppföljning 2023." in html
    analysed = round_analysis(FollowUpRound.objects.get(identifier="helsingborg-lika-2025"))
    assert analysed.comparison.total_examples == analysed.result.total_examples - 39


def test_followup_list_prints_identifier_document_period_and_state():
    out = io.StringIO()
    call_command("followup", "list", stdout=out)
    lines = out.getvalue().splitlines()
    assert "helsingborg-lika-2023\thelsingborg-lika-mojligheter-2022\t2022-03-01–2023-10-12\tpublished" in lines
    assert any(line.startswith("helsingborg-lika-2025\t") and line.endswith("\topen") for line in lines)


def test_the_followup_file_round_trips():
    text = (DEMO / "helsingborg-uppfoljning-2023.yaml").read_text(encoding="utf-8")
    assert export_round(FollowUpRound.objects.get(identifier=ROUND)) == text


def test_a_followup_file_with_unknown_units_or_measures_is_refused_whole(tmp_path):
    from django.core.management.base import CommandError

    text = (DEMO / "helsingborg-uppfoljning-2023.yaml").read_text(encoding="utf-8")
    bad = text.replace("identifier: helsingborg-lika-2023", "identifier: kopia").replace(
        "- unit: socialforvaltningen", "- unit: socialforvaltning"
    ).replace("- measure: '15'", "- measure: '99'", 1)
    path = tmp_path / "bad.yaml"
    path.write_text(bad, encoding="utf-8")
    before = Example.objects.count()
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("followup", "import", str(path), stderr=err)
    assert "no unit 'socialforvaltning' in Helsingborgs stad" in err.getvalue()
    assert Example.objects.count() == before
    assert not FollowUpRound.objects.filter(identifier="kopia").exists()


def test_lika_demo_twice_changes_nothing(tmp_path, settings):
    from lika.followup.models import Submission, SubmissionEvent

    counts = lambda: (FollowUpRound.objects.count(), Submission.objects.count(), Example.objects.count(), SubmissionEvent.objects.count())  # noqa: E731
    before = counts()
    call_command("demo", stdout=io.StringIO())
    assert counts() == before
