"""A made-up survey for demonstration: the same rows every time, no real person in it.

20,000 answers to "are you afraid to go out alone?" with sex, age band,
district, country of birth, disability and a survey weight. A few groups are
deliberately small (another gender identity, 85 years and over, two small
districts), so the small-cell protection has something to do.
"""

import random

import polars as pl

SEED = 20250401
SEXES = [("Kvinna", 0.495), ("Man", 0.495), ("Annan könsidentitet", 0.01)]
AGES = [("16-24", 0.14), ("25-44", 0.34), ("45-64", 0.31), ("65-84", 0.19), ("85+", 0.02)]
DISTRICTS = [
    ("Centrum", 0.18), ("Drottninghög", 0.1), ("Dalhem", 0.1), ("Husensjö", 0.1), ("Tågaborg", 0.12),
    ("Eneborg", 0.1), ("Planteringen", 0.1), ("Väla", 0.1), ("Påarp", 0.07), ("Mörarp", 0.03),
]
BIRTH = [("Sverige", 0.72), ("Norden utom Sverige", 0.04), ("EU utom Norden", 0.07), ("Europa utom EU", 0.07), ("Asien", 0.07), ("Afrika", 0.03)]
NAME = "Syntetiska enkätsvar 2025 (påhittade, för demonstration)"


def _pick(rng: random.Random, choices):
    labels, weights = zip(*choices)
    return rng.choices(labels, weights=weights)[0]


def synthetic_survey(rows: int = 20_000, seed: int = SEED) -> pl.DataFrame:
    rng = random.Random(seed)
    data = {k: [] for k in ("sex", "age_band", "district", "born", "disability", "afraid_alone", "weight")}
    for _ in range(rows):
        sex = _pick(rng, SEXES)
        age = _pick(rng, AGES)
        disability = "Ja" if rng.random() < 0.14 else "Nej"
        chance = {"Kvinna": 0.5, "Man": 0.2, "Annan könsidentitet": 0.6}[sex] + (0.1 if disability == "Ja" else 0) + (0.05 if age in ("65-84", "85+") else 0)
        data["sex"].append(sex)
        data["age_band"].append(age)
        data["district"].append(_pick(rng, DISTRICTS))
        data["born"].append(_pick(rng, BIRTH))
        data["disability"].append(disability)
        data["afraid_alone"].append(int(rng.random() < chance))
        data["weight"].append(round(rng.uniform(0.5, 2.0), 3))
    return pl.DataFrame(data)
