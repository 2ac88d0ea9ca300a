"""Settings are strict, migrations are complete, translations are complete."""

import io
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from lika.env import env_bool, env_int, env_str
from lika.plans import planfile
from lika.plans.models import DocumentKind, ResponsibilityRole, Scope
from lika.organisations.models import UnitKind
from lika.reference.models import Perspective, SustainableDevelopmentGoal


def test_a_boolean_setting_is_true_or_false_and_nothing_else(monkeypatch):
    monkeypatch.setenv("LIKA_X", "yes")
    with pytest.raises(ImproperlyConfigured, match="LIKA_X must be 'true' or 'false', not 'yes'"):
        env_bool("LIKA_X", False)
    monkeypatch.setenv("LIKA_X", "True")
    assert env_bool("LIKA_X", False) is True


def test_a_number_setting_must_be_a_number(monkeypatch):
    monkeypatch.setenv("LIKA_N", "ten")
    with pytest.raises(ImproperlyConfigured, match="LIKA_N must be a whole number"):
        env_int("LIKA_N", 1)


def test_secrets_can_come_from_a_file(monkeypatch, tmp_path):
    path = tmp_path / "secret"
    path.write_text("s3cret\n")
    monkeypatch.setenv("LIKA_SECRET_KEY_FILE", str(path))
    assert env_str("LIKA_SECRET_KEY", "") == "s3cret"


@pytest.mark.django_db
def test_no_model_change_lacks_a_migration():
    out = io.StringIO()
    call_command("makemigrations", "--check", "--dry-run", stdout=out)
    assert "No changes detected" in out.getvalue()


@pytest.mark.django_db
def test_the_reference_catalogues_come_with_the_migrations():
    assert SustainableDevelopmentGoal.objects.count() == 17
    assert SustainableDevelopmentGoal.objects.get(number=5).name_sv == "Jämställdhet"
    grounds = Perspective.objects.filter(kind="discrimination_ground").values_list("key", flat=True)
    assert sorted(grounds) == sorted(["sex", "gender_identity", "ethnicity", "religion", "disability", "sexual_orientation", "age"])
    assert set(Perspective.objects.exclude(kind="discrimination_ground").values_list("key", flat=True)) == {
        "socioeconomic",
        "child_rights",
    }


def test_the_plan_file_knows_the_same_choices_as_the_models():
    assert set(planfile.DOCUMENT_KINDS) == set(DocumentKind.values)
    assert set(planfile.ROLES) == set(ResponsibilityRole.values)
    assert set(planfile.SCOPES) == set(Scope.values)
    assert set(planfile.UNIT_KINDS) == set(UnitKind.values)


def test_every_swedish_message_is_translated():
    catalogue = polib.pofile(str(Path(settings.BASE_DIR) / "lika/locale/sv/LC_MESSAGES/django.po"))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    for entry in catalogue.translated_entries():
        if "%(" in entry.msgid:
            names = lambda text: sorted(__import__("re").findall(r"%\((\w+)\)s", text))  # noqa: E731
            translated = entry.msgstr or entry.msgstr_plural[0]
            assert names(entry.msgid) == names(translated), entry.msgid
