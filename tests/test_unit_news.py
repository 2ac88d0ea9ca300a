"""A unit page says what is new for the unit in the new plan: responsibilities gained and lost, and the
measures it implements that changed, were merged, split or dropped."""

import pytest
from django.core.management import call_command

from lika.plans.models import Node
from tests.concurrency_load import post_form
from tests.conftest import EOP

pytestmark = pytest.mark.django_db
NEW = "helsingborg-lika-mojligheter-2026"
HBG = "/helsingborg"


def implementers(code):
    return sorted(r.unit.key for r in Node.objects.get(document__identifier=EOP, code=code).responsibilities.filter(role="implements", unit__isnull=False))


def test_the_unit_page_shows_what_is_new_for_the_unit(client_for):
    owner = client_for("hbg-agare")
    call_command("plan", "revise", EOP, "--identifier", NEW, "--title", "Plan för lika möjligheter 2026–2029", "--valid-from", "2026-01-01")
    kultur = owner.get(f"{HBG}/documents/{NEW}/nodes/2/edit/").context["form"].fields["implementers"].queryset.get(key="kulturforvaltningen")
    assert "kulturforvaltningen" not in implementers("2")
    edited = post_form(owner, f"{HBG}/documents/{NEW}/nodes/2/edit/", {"title_sv": "Ny lydelse av åtgärd 2", "implementers": [kultur.pk]})
    assert edited.status_code == 302
    call_command("plan", "drop", NEW, "13", "--reason", "Genomförd.")
    page = owner.get(f"{HBG}/units/kulturforvaltningen/").content.decode()
    assert "Vad är nytt för oss i den nya planen" in page
    news = page[page.index("Vad är nytt för oss"):]
    assert "Vi får:" in news and f'{HBG}/documents/{NEW}/nodes/2/' in news
    assert "Ändrad: 2 Ny lydelse av åtgärd 2" in news
    # A unit that implemented the dropped measure 13 loses it, and sees why.
    assert "arbetsmarknadsforvaltningen" in implementers("13")
    other = owner.get(f"{HBG}/units/arbetsmarknadsforvaltningen/").content.decode()
    assert "Vi förlorar: genomför 13" in other and "Borttagen: 13" in other and "Genomförd." in other
    # Residents do not see a draft's news.
    assert "Vad är nytt för oss" not in client_for(None).get(f"{HBG}/units/kulturforvaltningen/").content.decode()
