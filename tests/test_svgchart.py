"""Server-side SVG charts: well-formed, accessible, escaped, and never colour alone."""

import re
import xml.etree.ElementTree as ET

import pytest

from lika.lib import svgchart
from lika.lib.svgchart import ChartInputError, bar_chart, stacked_share_bar

NS = "{http://www.w3.org/2000/svg}"
XML_ID = re.compile(r"^[A-Za-z_][A-Za-z0-9_.-]*$")
BAR_ROOM = 640 - svgchart.LABEL_WIDTH - svgchart.VALUE_WIDTH - svgchart.MARGIN


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)  # fails the test if the output is not well-formed


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()) for element in root.iter(f"{NS}text")]


def bars(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{NS}rect") if "bar" in rect.get("class", "").split()]


def ids(root: ET.Element) -> list[str]:
    return [element.get("id") for element in root.iter() if element.get("id")]


def desc(root: ET.Element) -> str:
    return root.find(f"{NS}desc").text


def assert_accessible(root: ET.Element, title: str) -> None:
    assert root.tag == f"{NS}svg"
    assert root.get("role") == "img"
    assert root.get("viewBox")
    title_id, desc_id = root.get("aria-labelledby").split()
    found = {element.get("id"): element for element in root.iter()}
    assert found[title_id].tag == f"{NS}title"
    assert found[title_id].text == title
    assert found[desc_id].tag == f"{NS}desc"
    assert found[desc_id].text
    assert len(ids(root)) == len(set(ids(root)))
    assert all(XML_ID.match(value) for value in ids(root))


ROWS = [("Åtgärd 6", 12), ("Åtgärd 7", 8), ("Åtgärd 8", 0)]


# --- Bar chart ---------------------------------------------------------------


def test_bar_chart_is_an_accessible_image():
    root = parse(bar_chart(title="Exempel per åtgärd", rows=ROWS, description="Antal exempel."))
    assert_accessible(root, "Exempel per åtgärd")
    assert desc(root).startswith("Antal exempel. ")
    assert "Åtgärd 6: 12; Åtgärd 7: 8; Åtgärd 8: 0" in desc(root)


def test_every_label_and_value_is_written_as_text():
    root = parse(bar_chart(title="T", rows=ROWS))
    for label, value in ROWS:
        assert label in texts(root)
        assert str(value) in texts(root)


def test_bars_are_proportional_to_the_largest_value():
    widths = [float(rect.get("width")) for rect in bars(parse(bar_chart(title="T", rows=ROWS)))]
    assert widths == [BAR_ROOM, pytest.approx(BAR_ROOM * 8 / 12, abs=0.01), 0]


def test_max_value_sets_the_scale_and_larger_values_stop_at_full_length():
    rows = [("a", 50), ("b", 150)]
    widths = [float(rect.get("width")) for rect in bars(parse(bar_chart(title="T", rows=rows, max_value=100)))]
    assert widths == [BAR_ROOM / 2, BAR_ROOM]


def test_value_format():
    root = parse(bar_chart(title="T", rows=[("Effekter", 42)], value_format="{:g} %", max_value=100))
    assert "42 %" in texts(root)
    assert "Effekter: 42 %" in desc(root)


def test_height_grows_with_rows():
    heights = [int(parse(bar_chart(title="T", rows=ROWS[:n])).get("height")) for n in (1, 2, 3)]
    assert heights[1] - heights[0] == heights[2] - heights[1] == svgchart.ROW_HEIGHT


def test_long_labels_are_shortened_but_kept_whole_in_the_description():
    label = "En mycket lång rubrik på en åtgärd som inte ryms i etikettkolumnen"
    root = parse(bar_chart(title="T", rows=[(label, 3)]))
    shown = [text for text in texts(root) if text.startswith("En mycket")]
    assert len(shown) == 1
    assert shown[0].endswith("…")
    assert len(shown[0]) * svgchart.CHAR_WIDTH <= svgchart.LABEL_WIDTH
    assert f"{label}: 3" in desc(root)


def test_user_text_is_escaped():
    label = "<script>x</script> & co"
    svg = bar_chart(title="Tom & <Jerry>", rows=[(label, 1)], description='"Citat" & <b>')
    assert "<script>" not in svg
    assert "<b>" not in svg
    root = parse(svg)
    assert_accessible(root, "Tom & <Jerry>")
    assert label in texts(root)
    assert desc(root) == '"Citat" & <b> <script>x</script> & co: 1.'
    assert not root.findall(f".//{NS}script")


def test_control_characters_do_not_break_the_xml():
    root = parse(bar_chart(title="T\x00", rows=[("a\x07b", 1)]))
    assert "ab" in texts(root)


def test_two_charts_never_share_ids():
    first = parse(bar_chart(title="Samma", rows=ROWS, highlight={"Åtgärd 6"}))
    second = parse(bar_chart(title="Samma", rows=ROWS, highlight={"Åtgärd 6"}))
    third = parse(stacked_share_bar(title="Samma", parts=ROWS))
    assert not set(ids(first)) & set(ids(second))
    assert not set(ids(first)) & set(ids(third))


def test_no_rows_says_so():
    root = parse(bar_chart(title="Tomt", rows=[]))
    assert_accessible(root, "Tomt")
    assert texts(root) == ["Inga värden"]
    assert desc(root) == "Inga värden"
    root = parse(bar_chart(title="Tomt", rows=[], empty_text="Inga exempel ännu"))
    assert texts(root) == ["Inga exempel ännu"]


@pytest.mark.parametrize("max_value", [None, 0])
def test_all_zeros_draw_no_bars_without_dividing_by_zero(max_value):
    root = parse(bar_chart(title="T", rows=[("a", 0), ("b", 0)], max_value=max_value))
    assert [rect.get("width") for rect in bars(root)] == ["0", "0"]
    assert texts(root) == ["a", "0", "b", "0"]


def test_max_value_zero_with_values():
    root = parse(bar_chart(title="T", rows=[("a", 3)], max_value=0))
    assert [rect.get("width") for rect in bars(root)] == ["0"]


def test_highlighted_bars_differ_by_more_than_colour():
    root = parse(bar_chart(title="T", rows=ROWS, highlight={"Åtgärd 7"}))
    plain, marked, _zero = bars(root)
    assert marked.get("stroke-dasharray") and marked.get("stroke")
    assert plain.get("stroke-dasharray") is None
    pattern_id = re.fullmatch(r"url\(#(.+)\)", marked.get("fill")).group(1)
    pattern = next(p for p in root.iter(f"{NS}pattern") if p.get("id") == pattern_id)
    assert pattern.find(f"{NS}rect").get("fill") == svgchart.HIGHLIGHT != plain.get("fill")
    assert pattern.find(f"{NS}path") is not None  # the hatching
    bold = [text.text for text in root.iter(f"{NS}text") if text.get("font-weight") == "bold"]
    assert bold == ["Åtgärd 7", "8"]
    assert "Åtgärd 7: 8 (markerad)" in desc(root)
    assert "Åtgärd 6: 12;" in desc(root)


def test_no_highlight_no_pattern():
    root = parse(bar_chart(title="T", rows=ROWS))
    assert not list(root.iter(f"{NS}pattern"))


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rows": [("a", -1)]}, "the value of 'a' must be a finite number of at least 0"),
        ({"rows": [("a", float("nan"))]}, "at least 0"),
        ({"rows": [("a", "12")]}, "the value of 'a' must be a number"),
        ({"rows": [("a", 1)], "max_value": -5}, "max_value"),
        ({"rows": [("a", 1)], "width": 100}, "width must be"),
        ({"rows": [("a", 1)], "title": " "}, "a chart needs a title"),
        ({"rows": [("a", 1.5)], "value_format": "{:d}"}, "value_format '{:d}' cannot format 1.5"),
    ],
)
def test_bad_input_is_named(kwargs, message):
    with pytest.raises(ChartInputError, match=re.escape(message)):
        bar_chart(**{"title": "T", **kwargs})


def test_the_rows_are_not_modified():
    rows = [("a", 1), ("b", 2)]
    highlight = {"a"}
    bar_chart(title="T", rows=rows, highlight=highlight)
    assert rows == [("a", 1), ("b", 2)]
    assert highlight == {"a"}


# --- Stacked share bar ---------------------------------------------------------

STATUSES = [("Ej påbörjad", 2), ("Planerad", 3), ("Pågår", 5), ("Ordinarie verksamhet", 10), ("Ej rapporterad", 0)]


def parts_of(root: ET.Element) -> list[ET.Element]:
    return [rect for rect in root.iter(f"{NS}rect") if rect.get("class") == "part"]


def test_stacked_bar_is_an_accessible_image_with_a_legend():
    root = parse(stacked_share_bar(title="Status", parts=STATUSES, description="Varje enhets status."))
    assert_accessible(root, "Status")
    legend = ["Ej påbörjad: 2 (10\u00a0%)", "Planerad: 3 (15\u00a0%)", "Pågår: 5 (25\u00a0%)"]
    legend += ["Ordinarie verksamhet: 10 (50\u00a0%)", "Ej rapporterad: 0 (0\u00a0%)"]
    assert texts(root) == legend
    assert desc(root) == "Varje enhets status. " + "; ".join(legend) + "."


def test_stacked_parts_share_the_bar():
    root = parse(stacked_share_bar(title="Status", parts=STATUSES))
    widths = [float(rect.get("width")) for rect in parts_of(root)]
    room = 640 - 2 * svgchart.MARGIN
    assert len(widths) == 4  # the zero part is in the legend only
    assert sum(widths) == pytest.approx(room, abs=0.05)
    assert widths[3] == pytest.approx(room / 2)


def test_stacked_parts_differ_by_pattern_as_well_as_colour():
    root = parse(stacked_share_bar(title="Status", parts=STATUSES))
    patterns = {p.get("id"): p for p in root.iter(f"{NS}pattern")}
    looks = set()
    for pattern in patterns.values():
        colour = pattern.find(f"{NS}rect").get("fill")
        marks = "".join(ET.tostring(child, encoding="unicode") for child in list(pattern)[1:])
        looks.add(marks)
        assert colour in svgchart.PALETTE
    assert len({p.find(f"{NS}rect").get("fill") for p in patterns.values()}) == 5
    assert len(looks) == 5
    # The legend swatches use the same fills as the parts.
    fills = [rect.get("fill") for rect in root.iter(f"{NS}rect") if rect.get("fill", "").startswith("url(")]
    assert {fill[5:-1] for fill in fills} == set(patterns)


def test_more_parts_than_colours_stay_distinct():
    styles = [svgchart._style(index) for index in range(25)]
    assert len(set(styles)) == 25


def test_stacked_all_zero():
    root = parse(stacked_share_bar(title="Status", parts=[("a", 0), ("b", 0)]))
    assert parts_of(root) == []
    assert texts(root) == ["a: 0 (0\u00a0%)", "b: 0 (0\u00a0%)"]


def test_stacked_empty():
    root = parse(stacked_share_bar(title="Status", parts=[]))
    assert texts(root) == ["Inga värden"]
    assert desc(root) == "Inga värden"
    assert texts(parse(stacked_share_bar(title="S", parts=[], empty_text="Inget"))) == ["Inget"]


def test_stacked_escapes():
    svg = stacked_share_bar(title="<T>", parts=[("<script>&", 1)])
    assert "<script>" not in svg
    root = parse(svg)
    assert texts(root) == ["<script>&: 1 (100\u00a0%)"]


def test_stacked_bad_input():
    with pytest.raises(ChartInputError, match="the value of 'a'"):
        stacked_share_bar(title="T", parts=[("a", -2)])


# --- Both --------------------------------------------------------------------


def contrast(colour: str, background: str = "#ffffff") -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    light, dark = sorted((luminance(colour), luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_colours_contrast_with_white():
    for colour in (svgchart.BAR, svgchart.HIGHLIGHT, *svgchart.PALETTE):
        assert contrast(colour) >= 4.5, colour
    assert contrast(svgchart.TEXT) >= 7


def test_no_inline_styles_or_scripts():
    # Inline style attributes would need 'unsafe-inline' in the content security policy.
    for svg in (bar_chart(title="T", rows=ROWS, highlight={"Åtgärd 6"}), stacked_share_bar(title="T", parts=STATUSES)):
        root = parse(svg)
        assert all(element.get("style") is None for element in root.iter())
        assert "<script" not in svg
