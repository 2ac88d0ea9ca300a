"""People and roles: the plan owner's page and `lika people` for IT."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from lika.organisations import actions
from lika.organisations.models import Membership, Municipality, Role

PAGE = "/accounts/people/"


@pytest.mark.django_db
def test_the_plan_owner_gives_a_new_person_a_role_and_removes_it(client_for):
    owner = client_for("hbg-agare")
    page = owner.get(PAGE)
    assert page.status_code == 200 and "hbg-kultur" in page.content.decode()
    response = owner.post(
        PAGE,
        {
            "username": "ny-rapportor",
            "email": "ny@example.invalid",
            "role": "reporter",
            "unit": "kulturforvaltningen",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="ny-rapportor")
    assert (membership.role, membership.unit.key) == ("reporter", "kulturforvaltningen")
    assert (
        not membership.user.has_usable_password()
    )  # signs in with SSO, or sets a password by reset
    assert owner.post(f"{PAGE}{membership.pk}/remove/").status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.django_db
def test_bad_input_is_refused_with_a_message_and_nothing_saved(client_for):
    owner = client_for("hbg-agare")
    cases = [
        (
            {"username": "x1", "email": "x1@example.invalid", "role": "reporter"},
            "act for a unit",
        ),
        ({"username": "x2", "role": "reader"}, "e-mail"),
        (
            {
                "username": "x3",
                "email": "x3@example.invalid",
                "role": "reader",
                "unit": "kulturforvaltningen",
            },
            "not tied",
        ),
        ({"username": "hst-agare", "role": "reader"}, "one municipality"),
    ]
    for data, words in cases:
        response = owner.post("/en" + PAGE, data)  # the English messages
        assert response.status_code == 400, data
        assert words in response.content.decode(), (data, words)
    assert not get_user_model().objects.filter(username__in=["x1", "x2", "x3"]).exists()
    assert not Membership.objects.filter(
        user__username="hst-agare", municipality__slug="helsingborg"
    ).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "username",
    [
        "hbg-samordnare",
        "hbg-soc",
        "hbg-analytiker",
        "hbg-lasare",
        "hbg-handlaggare",
        None,
    ],
)
def test_only_plan_owners_see_the_page(client_for, username):
    assert client_for(username).get(PAGE).status_code in (302, 403)


@pytest.mark.django_db
@pytest.mark.parametrize("role", Role.values)
@pytest.mark.parametrize(
    "owner,other", [("hbg-agare", "halmstad"), ("hst-agare", "helsingborg")]
)
def test_a_plan_owner_cannot_give_roles_in_another_municipality(role, owner, other):
    actor = get_user_model().objects.get(username=owner)
    municipality = Municipality.objects.get(slug=other)
    unit = municipality.units.first().key
    with (
        translation.override("en"),
        pytest.raises(actions.ActionRefused, match="Only the plan owner"),
    ):
        actions.give_role(
            actor, municipality, "someone-new", role, unit, email="new@example.invalid"
        )
    assert not get_user_model().objects.filter(username="someone-new").exists()


@pytest.mark.django_db
def test_lika_people_assign_list_and_import(tmp_path, capsys):
    call_command(
        "people",
        "assign",
        "it-person",
        "--municipality",
        "halmstad",
        "--role",
        "analyst",
        "--email",
        "it@example.invalid",
    )
    call_command("people", "list", "--municipality", "halmstad")
    assert "it-person\tit@example.invalid\tanalyst" in capsys.readouterr().out
    good = tmp_path / "people.csv"
    good.write_text(
        "username,email,first_name,last_name,municipality,role,unit\n"
        "anna,anna@example.invalid,Anna,A,helsingborg,reporter,kulturforvaltningen\n"
        "bo,bo@example.invalid,Bo,B,helsingborg,reader,\n",
        encoding="utf-8",
    )
    call_command("people", "import", str(good))
    assert Membership.objects.filter(user__username__in=["anna", "bo"]).count() == 2


@pytest.mark.django_db
def test_a_bad_csv_imports_nothing_and_names_each_line(tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "username,email,first_name,last_name,municipality,role,unit\n"
        "cecilia,c@example.invalid,C,C,helsingborg,reader,\n"
        "dan,d@example.invalid,D,D,nowhere,reader,\n"
        "eva,e@example.invalid,E,E,helsingborg,reporter,no-such-unit\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError) as refused:
        call_command("people", "import", str(bad))
    message = str(refused.value)
    assert (
        "line 3: no municipality 'nowhere'" in message
        and "line 4:" in message
        and "no-such-unit" in message
    )
    assert not get_user_model().objects.filter(username="cecilia").exists()
    wrong_header = tmp_path / "header.csv"
    wrong_header.write_text("name,role\nx,reader\n", encoding="utf-8")
    with pytest.raises(CommandError, match="the header lacks username"):
        call_command("people", "import", str(wrong_header))


@pytest.mark.django_db
def test_a_new_person_is_invited_by_e_mail_and_chooses_a_password_with_the_link(client_for, client, mailoutbox, django_capture_on_commit_callbacks):
    import re

    owner = client_for("hbg-agare")
    with django_capture_on_commit_callbacks(execute=True):
        response = owner.post(PAGE, {"username": "ny-rapportor", "email": "ny@example.invalid", "role": "reporter", "unit": "kulturforvaltningen"})
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ny@example.invalid"] and mail.subject == "Du har fått en roll i Lika"
    assert "Rapportör (Kulturförvaltningen)" in mail.body and "ny-rapportor" in mail.body
    link = re.search(r"http://\S+/accounts/password/reset/key/\S+/", mail.body).group(0)
    path = link.split("127.0.0.1:8000", 1)[1] if "127.0.0.1:8000" in link else "/" + link.split("/", 3)[3]

    # The link lets the new person choose a password and sign in with it.
    form_page = client.get(path, follow=True)
    assert form_page.status_code == 200
    chosen = client.post(form_page.redirect_chain[-1][0] if form_page.redirect_chain else path,
                         {"password1": "Ett-långt-lösenord-2026", "password2": "Ett-långt-lösenord-2026"})
    assert chosen.status_code == 302
    assert get_user_model().objects.get(username="ny-rapportor").check_password("Ett-långt-lösenord-2026")

    # Someone already in Lika gets no invitation for one more role; the page can send it again.
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(PAGE, {"username": "ny-rapportor", "role": "reader"})
    assert len(mailoutbox) == 1
    person = get_user_model().objects.get(username="hbg-kultur")
    person.set_unusable_password()
    person.save()
    assert f"/accounts/people/person/{person.pk}/invite/" in owner.get(PAGE).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        assert owner.post(f"/accounts/people/person/{person.pk}/invite/").status_code == 302
    assert mailoutbox[-1].to == ["hbg-kultur@example.invalid"]
    # Not for someone of another municipality.
    stranger = get_user_model().objects.get(username="hst-agare")
    assert owner.post(f"/accounts/people/person/{stranger.pk}/invite/").status_code == 404


@pytest.mark.django_db(transaction=False)
def test_lika_people_invite_sends_the_invitation_or_names_the_problem(mailoutbox, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("people", "invite", "hbg-kultur", "--municipality", "helsingborg")
    assert mailoutbox[-1].to == ["hbg-kultur@example.invalid"] and "invitation sent" in capsys.readouterr().out
    with pytest.raises(CommandError, match="hbg-kultur har ingen roll i Halmstads kommun"):
        call_command("people", "invite", "hbg-kultur", "--municipality", "halmstad")
    with pytest.raises(CommandError, match="no active person"):
        call_command("people", "invite", "nobody", "--municipality", "helsingborg")
