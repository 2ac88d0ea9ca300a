"""Indicator importers read the real files others publish and get the numbers right."""

import io
import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from lika.statistics import importers
from lika.statistics.importers import ImportProblem

# Real files published by others, copied unchanged from shared/external-data (see its README.md).
EXTERNAL = Path(__file__).resolve().parent / "data" / "external-data"


def read(path):
    return (EXTERNAL / path).read_bytes()


def test_open_sdg_canada_sexual_violence_by_gender_age_and_province():
    (table,) = importers.read_open_sdg(read("open_sdg/canada/indicator_16-2-3.csv"))
    assert table.dimensions == ["Gender", "Age group", "Geography"]
    assert table.value("2018", Gender="Male gender", **{"Age group": "15 to 24 years", "Geography": "Canada"}) == 1.33
    assert table.value("2018", Gender="Total, gender", **{"Age group": "25 to 34 years", "Geography": "Nova Scotia"}) == 7.22


def test_open_sdg_blank_cells_mean_all_and_periods_stay_as_written():
    (table,) = importers.read_open_sdg(read("open_sdg/canada/indicator_4-1-2.csv"))
    assert table.value("2016/2017") == 87  # every disaggregation blank: the headline series
    (starter,) = importers.read_open_sdg(read("open_sdg/starter/indicator_1-1-1.csv"))
    assert starter.value("2015") == 2 and starter.value("2015", Group="A") == 1 and starter.value("2016", Group="B") == 3
    assert len(starter.rows) == 6


def test_open_sdg_round_trip_gives_the_same_file_content():
    (table,) = importers.read_open_sdg(read("open_sdg/canada/indicator_5-5-2.csv"))
    text = importers.to_open_sdg_csv(table.dimensions, table.rows)
    (again,) = importers.read_open_sdg(text)
    assert again.rows == table.rows and again.dimensions == table.dimensions


def test_open_sdg_xlsx_in_the_same_layout():
    workbook = Workbook()
    sheet = workbook.active
    for row in [["Year", "Kön", "Value"], [2021, None, 35.5], [2021, "Kvinnor", 52], [2021, "Män", 19]]:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    (table,) = importers.read_open_sdg_xlsx(buffer.getvalue())
    assert table.value("2021") == 35.5 and table.value("2021", Kön="Kvinnor") == 52


def test_open_sdg_problems_name_the_row():
    with pytest.raises(ImportProblem, match="needs a 'Value' column"):
        importers.read_open_sdg("Year,Group\n2015,A\n")
    with pytest.raises(ImportProblem, match="row 3: 'x' is not a number"):
        importers.read_open_sdg("Year,Group,Value\n2015,A,1\n2015,B,x\n")
    with pytest.raises(ImportProblem, match="row 3: the same year and categories appear twice"):
        importers.read_open_sdg("Year,Group,Value\n2015,A,1\n2015,A,2\n")


def test_kolada_long_extract_by_municipality_and_gender():
    names = importers.kolada_names(read("kolada/kolada_kpi_metadata_extract.csv"))
    tables = importers.read_kolada(read("kolada/kolada_extract_helsingborg_halmstad_riket_long.csv"), municipalities=["1283"], names=names)
    by_code = {t.code: t for t in tables}
    assert set(by_code) == {"N00206", "N00914", "N00938", "N05401", "N15428"}
    full_time = by_code["N00206"]
    assert full_time.name.startswith("Heltidsanställda månadsavlönade")
    assert full_time.value("2019") == 81.52548  # T: the whole population
    assert full_time.value("2019", Kön="Kvinnor") == 79.831224
    assert full_time.value("2019", Kön="Män") == 87.875593


def test_kolada_several_municipalities_become_a_dimension():
    tables = importers.read_kolada(read("kolada/kolada_extract_helsingborg_halmstad_riket_long.csv"), municipalities=["1283", "0000"])
    table = next(t for t in tables if t.code == "N00206")
    assert table.value("2009", Kommun="0000", Kön="Kvinnor") == 66.444624


def test_kolada_ddf_dump_with_and_without_gender():
    (by_gender,) = importers.read_kolada(read("kolada/ddf--datapoints--n15428--by--geo--gender--year.csv"), municipalities=["0000"])
    assert by_gender.code == "N15428" and by_gender.value("1998", Kön="Kvinnor") == 93.1
    (overall,) = importers.read_kolada(read("kolada/ddf--datapoints--n15428--by--geo--year.csv"), municipalities=["0000"])
    assert overall.value("1998") == 91.4


def test_kolada_api_json():
    response = {
        "count": 1,
        "values": [
            {"kpi": "N00206", "municipality": "1283", "period": 2019, "values": [
                {"count": 1, "gender": "K", "status": "", "value": 79.831224},
                {"count": 1, "gender": "M", "status": "", "value": 87.875593},
                {"count": 1, "gender": "T", "status": "", "value": 81.52548},
            ]},
            {"kpi": "N00206", "municipality": "1283", "period": 2020, "values": [{"count": 0, "gender": "T", "status": "Missing", "value": None}]},
        ],
    }
    (table,) = importers.read_kolada(json.dumps(response))
    assert table.value("2019", Kön="Män") == 87.875593 and table.value("2019") == 81.52548
    assert table.value("2020") is None  # a missing value is left out, not read as 0
    with pytest.raises(ImportProblem, match="gender 'X'"):
        importers.read_kolada("kpi,municipality,period,gender,value\nN1,1283,2020,X,1\n")


def test_scb_json_stat_median_income_by_sex():
    (table,) = importers.read_pxweb(read("pxweb_scb/scb_v1_TAB3554_medianinkomst_kon_jsonstat2.json"))
    assert table.name == "Medianinkomst, tkr" and table.code == "TAB3554" and table.source == "SCB"
    assert table.value("2020", kön="män") == 332.8
    assert table.value("2021", kön="kvinnor") == 263
    assert table.value("2022") == 316.6  # "totalt" is the whole population


def test_scb_json_stat_population_by_county_age_sex_and_month():
    (table,) = importers.read_pxweb(read("pxweb_scb/scb_v2_TAB6471_data_jsonstat2.json"))
    assert table.unit == "antal"
    assert table.value("2026M01", region="Stockholms län", ålder="0-9 år") == 245284
    assert len(table.rows) == 21 * 11 * 3 * 4
    (born,) = importers.read_pxweb(read("pxweb_scb/scb_v2_TAB5974_inrikes_utrikes_kon_data_jsonstat2.json"))
    assert born.value("2026", kön="män") == 50080 and born.value("2026", kön="kvinnor") == 47361


def test_scb_pxweb_v1_json_halmstad_population_with_small_cells():
    tables = importers.read_pxweb(read("pxweb_scb/halmstad_1380/scb_v1_BefolkningNy_Halmstad1380_alder_kon_2023.json"))
    population, growth = tables
    assert population.name == "Folkmängd" and growth.name == "Folkökning"
    assert population.value("2023", ålder="99", kön="kvinnor") == 20
    assert population.value("2023", ålder="100+", kön="män") == 8
    assert growth.value("2023", ålder="0", kön="män") == -77
    assert "region" not in population.dimensions  # one municipality only


def test_formats_are_recognised_from_the_content():
    assert importers.guess_format(read("kolada/kolada_extract_helsingborg_halmstad_riket_long.csv")) == "kolada"
    assert importers.guess_format(read("pxweb_scb/scb_v2_TAB6471_data_jsonstat2.json")) == "pxweb"
    assert importers.guess_format(read("open_sdg/starter/indicator_1-1-1.csv")) == "open-sdg"


@settings(max_examples=50, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["2019", "2020", "2021"]), st.sampled_from(["", "Kvinnor", "Män"]), st.sampled_from(["", "18-29", "30-44"]), st.floats(-1e6, 1e6, allow_nan=False)), unique_by=lambda r: r[:3], min_size=1, max_size=18))
def test_open_sdg_export_then_import_keeps_every_value(rows):
    series = [(year, {k: v for k, v in (("Kön", sex), ("Ålder", age)) if v}, value) for year, sex, age, value in rows]
    (table,) = importers.read_open_sdg(importers.to_open_sdg_csv(["Kön", "Ålder"], series))
    for period, mapping, value in series:
        assert table.value(period, **mapping) == value
