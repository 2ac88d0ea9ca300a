"""Importing and exporting plan files against the database, through the CLI as users run it."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from lika.organisations.models import Municipality, OrganisationUnit
from lika.plans import planfile
from lika.plans.importing import export_plan, import_plan_text
from lika.plans.models import Node, NodeLink, Responsibility, SteeringDocument
from lika.lib.yamlfile import FileProblems
from tests.conftest import DEMO, EOP, HALMSTAD, QOL
from tests.test_planfile import MINIMAL

pytestmark = pytest.mark.django_db


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def database_state():
    return (
        Municipality.objects.count(),
        OrganisationUnit.objects.count(),
        SteeringDocument.objects.count(),
        Node.objects.count(),
        Responsibility.objects.count(),
        NodeLink.objects.count(),
    )


def write(tmp_path: Path, text: str, name="plan.yaml") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_plan_list_prints_one_document_per_line_identifier_first():
    out, _ = run("plan", "list")
    lines = out.splitlines()
    assert len(lines) == 3
    first = dict(line.split("\t", 1) for line in lines)
    assert first[EOP].startswith("plan\tPlan för lika möjligheter 2022–2025\t2022-01-01–2025-12-31")
    assert first[QOL].startswith("programme\tLivskvalitetsprogrammet\t2025-09-01–2027-12-31")


def test_a_new_plan_is_imported_with_progress_output(tmp_path):
    out, _ = run("plan", "import", write(tmp_path, MINIMAL))
    assert "created municipality Testkommun" in out
    assert "imported test-plan: Testplan" in out
    document = SteeringDocument.objects.get(identifier="test-plan")
    assert document.nodes.get(code="1.1").responsibilities.get().unit.key == "socialforvaltningen"


def test_import_with_an_error_exits_non_zero_and_writes_nothing(tmp_path):
    before = database_state()
    bad = MINIMAL.replace("unit: socialforvaltningen", "unit: okand")
    with pytest.raises(CommandError, match="nothing was imported"):
        run("plan", "import", write(tmp_path, bad))
    assert database_state() == before


def test_an_existing_document_is_refused_without_replace(tmp_path):
    path = write(tmp_path, (DEMO / f"{EOP}.yaml").read_text(encoding="utf-8"))
    with pytest.raises(FileProblems) as caught:
        import_plan_text(Path(path).read_text(encoding="utf-8"), path)
    assert "already exists; import with --replace" in caught.value.lines()[0]


def test_replace_updates_the_document_and_keeps_links_into_it(tmp_path):
    text = (DEMO / f"{QOL}.yaml").read_text(encoding="utf-8").replace("Öka tryggheten", "Öka tryggheten för alla")
    incoming = NodeLink.objects.filter(target__document__identifier=QOL).count()
    import_plan_text(text, "qol.yaml", replace=True)
    assert Node.objects.get(document__identifier=QOL, code="3.1").title_sv == "Öka tryggheten för alla"
    assert NodeLink.objects.filter(target__document__identifier=QOL).count() == incoming


def test_replace_refuses_to_drop_a_node_another_document_links_to():
    data = planfile.read_plan_file((DEMO / f"{QOL}.yaml").read_text(encoding="utf-8"))
    data.document.nodes = [node for node in data.document.nodes if node.code != "3.3"]
    before = database_state()
    with pytest.raises(FileProblems) as caught:
        from lika.plans.importing import import_plan

        import_plan(data, "qol.yaml", replace=True)
    assert "the node '3.3' is left out, but helsingborg-lika-mojligheter-2022 links to it" in caught.value.lines()[0]
    assert database_state() == before


def test_a_link_to_a_node_of_another_municipality_is_refused():
    text = MINIMAL.replace(
        "      sv: Första området\n",
        "      sv: Första området\n    contributes_to:\n    - node: helsingborg-livskvalitetsprogrammet-2025#3.3\n",
    )
    before = database_state()
    with pytest.raises(FileProblems) as caught:
        import_plan_text(text, "plan.yaml")
    assert caught.value.lines() == [
        "plan.yaml:34: nodes[0].contributes_to[0].node: helsingborg-livskvalitetsprogrammet-2025#3.3 is a node of "
        "another municipality (Helsingborgs stad); links stay within one municipality"
    ]
    assert database_state() == before


def test_a_link_to_a_document_not_yet_imported_says_import_it_first():
    text = MINIMAL.replace(
        "      sv: Första området\n", "      sv: Första området\n    contributes_to:\n    - node: program-x#1\n"
    )
    with pytest.raises(FileProblems) as caught:
        import_plan_text(text, "plan.yaml")
    assert "no document 'program-x' in this installation; import it first" in caught.value.lines()[0]


def test_a_unit_that_exists_with_another_kind_is_refused():
    text = (DEMO / f"{HALMSTAD}.yaml").read_text(encoding="utf-8").replace(
        "key: kommunstyrelsen\n  kind: committee", "key: kommunstyrelsen\n  kind: department"
    ).replace("identifier: halmstad-inkluderande-kommunen-2020", "identifier: halmstad-kopia")
    with pytest.raises(FileProblems) as caught:
        import_plan_text(text, "plan.yaml")
    assert "the unit 'kommunstyrelsen' is a committee in this installation, not a department" in caught.value.lines()[0]


def test_a_file_that_is_not_utf8_is_named(tmp_path):
    path = tmp_path / "plan.yaml"
    path.write_bytes(MINIMAL.encode("utf-16"))
    with pytest.raises(CommandError, match="not UTF-8 text"):
        run("plan", "import", str(path))


def test_a_file_over_the_size_limit_is_refused_before_reading(tmp_path, settings):
    settings.LIKA_MAX_IMPORT_BYTES = 1000
    with pytest.raises(CommandError, match="the limit is 0 MB"):
        run("plan", "import", write(tmp_path, MINIMAL * 3))


def test_export_names_the_documents_when_the_identifier_is_wrong():
    with pytest.raises(CommandError, match=f"no document 'nope'; the documents are: .*{EOP}"):
        run("plan", "export", "nope")


def test_export_import_into_an_empty_installation_and_export_again_is_identical(tmp_path):
    exported = {identifier: run("plan", "export", identifier)[0] for identifier in (QOL, EOP, HALMSTAD)}
    # Empty the installation, then import in dependency order: programme before plan.
    NodeLink.objects.all().delete()
    Responsibility.objects.all().delete()
    SteeringDocument.objects.update(parent=None)
    Node.objects.all().delete()
    SteeringDocument.objects.all().delete()
    from lika.organisations.models import Membership

    Membership.objects.all().delete()
    OrganisationUnit.objects.update(parent=None)
    OrganisationUnit.objects.all().delete()
    Municipality.objects.all().delete()
    for identifier in (QOL, EOP, HALMSTAD):
        run("plan", "import", write(tmp_path, exported[identifier], f"{identifier}.yaml"))
    for identifier in (QOL, EOP, HALMSTAD):
        again = planfile.write_plan_file(export_plan(SteeringDocument.objects.get(identifier=identifier)))
        assert again == exported[identifier]
        assert again == (DEMO / f"{identifier}.yaml").read_text(encoding="utf-8")
