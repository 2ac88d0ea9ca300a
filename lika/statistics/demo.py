"""The demo's statistics: the plan's baseline figures (Ramböll 2021) and a synthetic survey.

The four figures are printed in Helsingborg's equal opportunities plan
(figures 4–7 of the English edition, `shared/seeds/002_*.txt`); how the
extracted numbers were read is recorded in docs/statistics.md. Each is
linked to the plan nodes and programme focus areas it informs, and published.
"""

from lika.organisations.models import Municipality
from lika.plans.models import Node

from .actions import _store_frame, save_indicator
from .importers import IndicatorTable
from .models import Indicator, MicrodataFile
from .synthetic import NAME, synthetic_survey

EOP = "helsingborg-lika-mojligheter-2022"
QOL = "helsingborg-livskvalitetsprogrammet-2025"
SOURCE = "Ramböll, Nulägesanalys lika möjligheter i Helsingborg, april 2021"
AGES = ["18-29", "30-44", "45-64", "65-84"]

BASELINE = [
    {
        "identifier": "radda-att-ga-ut-ensamma-2021",
        "name_sv": "Andel som är rädda att gå ut ensamma, per kön och ålder",
        "name_en": "Percentage who are afraid to go out alone, by sex and age",
        "dimensions": ["Kön", "Ålder"],
        "values": {("Män", a): v for a, v in zip(AGES, [17, 19, 18, 27])} | {("Kvinnor", a): v for a, v in zip(AGES, [58, 52, 50, 57])},
        "nodes": [(EOP, "4.8"), (EOP, "16"), (QOL, "3.1")],
        "figure": 7,
    },
    {
        "identifier": "utsatta-for-vald-12-man-2021",
        "name_sv": "Andel som blivit utsatta för våld de senaste 12 månaderna, per kön och ålder",
        "name_en": "Percentage exposed to violence in the last 12 months, by sex and age",
        "dimensions": ["Kön", "Ålder"],
        # The figure prints seven of eight values; women aged 65-84 has none.
        "values": {("Män", a): v for a, v in zip(AGES, [6, 4, 3, 1])} | {("Kvinnor", a): v for a, v in zip(AGES[:3], [2, 2, 2])},
        "nodes": [(EOP, "4.8"), (EOP, "16"), (QOL, "3.1")],
        "figure": 6,
    },
    {
        "identifier": "krankande-behandling-3-man-2021",
        "name_sv": "Andel som blivit utsatta för kränkande behandling de senaste 3 månaderna, per födelseland",
        "name_en": "Percentage subjected to abusive treatment in the last 3 months, by country of birth",
        "dimensions": ["Födelseland"],
        "values": {
            ("Sverige",): 21,
            ("Norden utom Sverige",): 16,
            ("Europa utom EU28",): 16,
            ("EU28 utom Norden",): 22,
            ("Asien",): 22,
            ("Afrika",): 36,
        },
        "nodes": [(EOP, "4.8"), (EOP, "17"), (QOL, "5.1")],
        "figure": 4,
    },
    {
        "identifier": "krankningar-etnicitet-religion-hudfarg-2021",
        "name_sv": "Andel av dem som utsatts för kränkningar som anger att det hade att göra med etnisk tillhörighet, religion eller hudfärg, per kön",
        "name_en": "Percentage of those exposed to violations stating that it was related to ethnic origin, religion or skin colour, by sex",
        "dimensions": ["Orsak", "Kön"],
        "values": {
            ("Etnisk tillhörighet", "Män"): 12,
            ("Religion", "Män"): 25,
            ("Hudfärg", "Män"): 9,
            ("Etnisk tillhörighet", "Kvinnor"): 4,
            ("Religion", "Kvinnor"): 12,
            ("Hudfärg", "Kvinnor"): 3,
        },
        "nodes": [(EOP, "4.8"), (EOP, "17"), (QOL, "5.1")],
        "figure": 5,
    },
]


def ensure_demo_statistics() -> list[str]:
    municipality = Municipality.objects.filter(slug="helsingborg").first()
    if municipality is None:
        return []
    done = []
    for spec in BASELINE:
        if Indicator.objects.filter(municipality=municipality, identifier=spec["identifier"]).exists():
            continue
        table = IndicatorTable(name=spec["name_sv"], unit="%", source=SOURCE, dimensions=list(spec["dimensions"]))
        for categories, value in spec["values"].items():
            table.add("2021", dict(zip(spec["dimensions"], categories)), float(value))
        nodes = [
            node
            for document, code in spec["nodes"]
            for node in Node.objects.filter(document__identifier=document, code=code)
        ]
        save_indicator(
            municipality,
            table,
            access=None,
            identifier=spec["identifier"],
            name_en=spec["name_en"],
            description_sv=f"Nulägesanalysen bakom planen (figur {spec['figure']} i den engelska utgåvan).",
            description_en=f"The baseline analysis behind the plan (figure {spec['figure']} in the English edition).",
            published=True,
            nodes=nodes,
        )
        done.append(f"loaded the indicator {spec['identifier']}")
    if not MicrodataFile.objects.filter(municipality=municipality, synthetic=True).exists():
        _store_frame(municipality, synthetic_survey(), name=NAME, synthetic=True)
        done.append("stored the synthetic survey (20,000 made-up answers)")
    return done
