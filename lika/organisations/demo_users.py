"""The demo's people, one per role, documented in the README. Never for production."""

from django.contrib.auth import get_user_model

from lika.organisations.models import Membership, Municipality, OrganisationUnit, Role

DEMO_PASSWORD = "lika-demo"

# username, municipality slug, role, unit key, full name
DEMO_USERS = [
    ("hbg-agare", "helsingborg", Role.PLAN_OWNER, "slf-strategisk-samhallsutveckling", "Amira Planägare"),
    ("hbg-samordnare", "helsingborg", Role.COORDINATOR, "slf-demokrati-och-juridik", "Sam Samordnare"),
    ("hbg-soc", "helsingborg", Role.REPORTER, "socialforvaltningen", "Sofia Social"),
    ("hbg-kultur", "helsingborg", Role.REPORTER, "kulturforvaltningen", "Karl Kultur"),
    ("hbg-analytiker", "helsingborg", Role.ANALYST, None, "Ana Analytiker"),
    ("hbg-lasare", "helsingborg", Role.READER, None, "Linn Läsare"),
    ("hbg-handlaggare", "helsingborg", Role.CASE_OFFICER, "stadsbyggnadsforvaltningen", "Hedda Handläggare"),
    ("hst-agare", "halmstad", Role.PLAN_OWNER, "klf-tillvaxtavdelningen", "Hugo Halmstad"),
]


def ensure_demo_users() -> list[str]:
    User = get_user_model()
    report = []
    for username, slug, role, unit_key, full_name in DEMO_USERS:
        municipality = Municipality.objects.filter(slug=slug).first()
        if municipality is None:
            continue
        first, _, last = full_name.replace("\u00ad", "").partition(" ")
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last, "email": f"{username}@example.invalid"}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
            report.append(f"created user {username} ({role.label})")
        unit = OrganisationUnit.objects.filter(municipality=municipality, key=unit_key).first() if unit_key else None
        Membership.objects.get_or_create(user=user, municipality=municipality, role=role, unit=unit)
    return report
