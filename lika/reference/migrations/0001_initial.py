from django.db import migrations, models

GOALS = [
    (1, "Ingen fattigdom", "No poverty"),
    (2, "Ingen hunger", "Zero hunger"),
    (3, "God hälsa och välbefinnande", "Good health and well-being"),
    (4, "God utbildning för alla", "Quality education"),
    (5, "Jämställdhet", "Gender equality"),
    (6, "Rent vatten och sanitet för alla", "Clean water and sanitation"),
    (7, "Hållbar energi för alla", "Affordable and clean energy"),
    (8, "Anständiga arbetsvillkor och ekonomisk tillväxt", "Decent work and economic growth"),
    (9, "Hållbar industri, innovationer och infrastruktur", "Industry, innovation and infrastructure"),
    (10, "Minskad ojämlikhet", "Reduced inequalities"),
    (11, "Hållbara städer och samhällen", "Sustainable cities and communities"),
    (12, "Hållbar konsumtion och produktion", "Responsible consumption and production"),
    (13, "Bekämpa klimatförändringarna", "Climate action"),
    (14, "Hav och marina resurser", "Life below water"),
    (15, "Ekosystem och biologisk mångfald", "Life on land"),
    (16, "Fredliga och inkluderande samhällen", "Peace, justice and strong institutions"),
    (17, "Genomförande och globalt partnerskap", "Partnerships for the goals"),
]

# The seven grounds of the Discrimination Act (2008:567), then the two other
# perspectives Swedish municipalities follow up with them.
PERSPECTIVES = [
    ("sex", "discrimination_ground", "Kön", "Sex"),
    ("gender_identity", "discrimination_ground", "Könsidentitet eller könsuttryck", "Gender identity or expression"),
    ("ethnicity", "discrimination_ground", "Etnisk tillhörighet", "Ethnic origin"),
    ("religion", "discrimination_ground", "Religion eller annan trosuppfattning", "Religion or other belief"),
    ("disability", "discrimination_ground", "Funktionsnedsättning", "Disability"),
    ("sexual_orientation", "discrimination_ground", "Sexuell läggning", "Sexual orientation"),
    ("age", "discrimination_ground", "Ålder", "Age"),
    ("socioeconomic", "other", "Socioekonomi", "Socioeconomic status"),
    ("child_rights", "other", "Barnets rättigheter", "Rights of the child"),
]


def load(apps, schema_editor):
    Goal = apps.get_model("reference", "SustainableDevelopmentGoal")
    Perspective = apps.get_model("reference", "Perspective")
    Goal.objects.bulk_create(Goal(number=n, name_sv=sv, name_en=en) for n, sv, en in GOALS)
    Perspective.objects.bulk_create(
        Perspective(key=key, kind=kind, position=position, name_sv=sv, name_en=en)
        for position, (key, kind, sv, en) in enumerate(PERSPECTIVES, start=1)
    )


def unload(apps, schema_editor):
    apps.get_model("reference", "SustainableDevelopmentGoal").objects.all().delete()
    apps.get_model("reference", "Perspective").objects.all().delete()


class Migration(migrations.Migration):
    initial = True
    dependencies: list = []

    operations = [
        migrations.CreateModel(
            name="Perspective",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("key", models.SlugField(unique=True, verbose_name="key")),
                (
                    "kind",
                    models.CharField(
                        choices=[("discrimination_ground", "Discrimination ground"), ("other", "Other perspective")],
                        max_length=30,
                        verbose_name="kind",
                    ),
                ),
                ("position", models.PositiveSmallIntegerField(verbose_name="position")),
                ("name_sv", models.CharField(max_length=200, verbose_name="name (Swedish)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
            ],
            options={"verbose_name": "perspective", "verbose_name_plural": "perspectives", "ordering": ["position"]},
        ),
        migrations.CreateModel(
            name="SustainableDevelopmentGoal",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("number", models.PositiveSmallIntegerField(unique=True, verbose_name="number")),
                ("name_sv", models.CharField(max_length=200, verbose_name="name (Swedish)")),
                ("name_en", models.CharField(max_length=200, verbose_name="name (English)")),
            ],
            options={
                "verbose_name": "Agenda 2030 goal",
                "verbose_name_plural": "Agenda 2030 goals",
                "ordering": ["number"],
            },
        ),
        migrations.RunPython(load, unload),
    ]
