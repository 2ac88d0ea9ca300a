"""The version engine (lika.lib.versions): plain data, no database."""

from datetime import date

from lika.lib import versions

STORED = {"title": "Språkcaféer", "what_was_done": "Varje vecka.", "learning": "", "perspectives": ["age", "gender"]}


def test_a_save_from_the_stored_version_is_fresh_and_writes_what_the_user_sent():
    token = versions.version_of(STORED)
    outcome = versions.check(token, stored=STORED, submitted={**STORED, "learning": "Mycket."})
    assert outcome.fresh and outcome.ok
    assert outcome.merged["learning"] == "Mycket."


def test_changes_to_different_fields_merge_each_keeping_their_own():
    token = versions.version_of(STORED)
    now = {**STORED, "what_was_done": "Tab A skrev om texten."}
    outcome = versions.check(token, stored=now, submitted={**STORED, "learning": "Tab B lade till lärdomar."})
    assert outcome.ok and not outcome.fresh
    assert outcome.merged["what_was_done"] == "Tab A skrev om texten."
    assert outcome.merged["learning"] == "Tab B lade till lärdomar."
    assert outcome.changed_by_others == ["what_was_done"]


def test_both_changing_the_same_field_is_a_conflict_naming_it():
    token = versions.version_of(STORED)
    now = {**STORED, "what_was_done": "A"}
    outcome = versions.check(token, stored=now, submitted={**STORED, "what_was_done": "B"})
    assert outcome.conflicts == ["what_was_done"]


def test_the_same_change_made_twice_is_no_conflict():
    token = versions.version_of(STORED)
    now = {**STORED, "title": "Nytt"}
    assert versions.check(token, stored=now, submitted={**STORED, "title": "Nytt"}).ok


def test_a_missing_or_tampered_version_is_stale_in_every_field():
    for token in ("", None, "v1.abc", "v1." + ".".join(["zzzzzzzzzz"] * 4), "x" + versions.version_of(STORED)[1:]):
        outcome = versions.check(token, stored=STORED, submitted={**STORED, "learning": "Nytt"})
        assert outcome.conflicts == ["learning"], token
        # Sending exactly what is stored is never a conflict.
        assert versions.check(token, stored=STORED, submitted=dict(STORED)).ok


def test_values_compare_as_the_user_reads_them():
    assert versions.field_hash(None) == versions.field_hash("")
    assert versions.field_hash(["b", "a"]) == versions.field_hash({"a", "b"})
    assert versions.field_hash("rad 1\r\nrad 2") == versions.field_hash("rad 1\nrad 2")
    assert versions.field_hash(date(2025, 1, 2)) == versions.field_hash("2025-01-02")


def test_check_does_not_modify_its_arguments():
    stored, submitted = dict(STORED), {**STORED, "learning": "x"}
    versions.check("", stored=stored, submitted=submitted)
    assert stored == STORED and submitted == {**STORED, "learning": "x"}
