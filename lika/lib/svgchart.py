"""Accessible charts drawn on the server as SVG strings, with the standard library only.

Charts are made on the server so the pages need no JavaScript and work with
any content security policy (only presentation attributes, no inline styles).
Each chart is an image with a title and a description that lists every value
in words, every value is also written as visible text, and marked bars differ
by pattern and outline as well as colour, so nothing is told by colour alone.
The colours have at least 3:1 contrast against white. Charts are meant to sit
beside a table holding the same figures.
"""

import hashlib
import html
import itertools
import math
import re
from dataclasses import dataclass

TEXT = "#1b1b1b"
BAR = "#005a9c"
HIGHLIGHT = "#a4161a"
# For stacked parts: blue, red, green, purple, brown, each ≥ 4.5:1 against white.
PALETTE = ("#005a9c", "#a4161a", "#2e6b30", "#5b3f99", "#7a4a00")
PATTERNS = ("solid", "diagonal", "dots", "horizontal", "crosshatch")
EMPTY_TEXT = "Inga värden"
HIGHLIGHT_TEXT = "markerad"

FONT_FAMILY = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
FONT_SIZE = 13
CHAR_WIDTH = 7  # a generous average width at FONT_SIZE, for truncating labels without measuring text
MARGIN = 8
ROW_HEIGHT = 28
BAR_HEIGHT = 18
LABEL_WIDTH = 220
VALUE_WIDTH = 72  # room after the longest bar for its value
STACK_HEIGHT = 32
LEGEND_ROW = 22
SWATCH = 14
MIN_WIDTH = LABEL_WIDTH + VALUE_WIDTH + 2 * MARGIN + 40

# XML 1.0 forbids most control characters even when escaped; drop them so output always parses.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_counter = itertools.count(1)


class ChartInputError(ValueError):
    """A chart was asked for with values it cannot draw; the message names the problem."""


@dataclass(frozen=True)
class _Frame:
    """What every chart shares: its ids, size and accessible name."""

    id: str
    width: int
    height: int
    title: str
    desc: str


# --- Public ------------------------------------------------------------------


def bar_chart(
    *,
    title: str,
    rows: list[tuple[str, float]],
    description: str = "",
    value_format: str = "{:g}",
    max_value: float | None = None,
    highlight: set[str] = frozenset(),
    width: int = 640,
    empty_text: str = EMPTY_TEXT,
    highlight_text: str = HIGHLIGHT_TEXT,
) -> str:
    """A horizontal bar per (label, value), the value written at the bar's end.

    Labels in `highlight` are drawn hatched and outlined in a second colour, set in
    bold, and marked with `highlight_text` in the description.
    """
    _check_title(title)
    rows = [(str(label), _number(value, f"the value of {label!r}")) for label, value in rows]
    _check_width(width)
    if max_value is not None:
        max_value = _number(max_value, "max_value")
    highlight = {str(label) for label in highlight}
    values = [_format(value_format, value) for _label, value in rows]
    frame = _frame(
        "bar",
        title,
        rows,
        width,
        _bar_height(len(rows)),
        _description(
            description,
            [_row_words(label, shown, label in highlight, highlight_text) for (label, _v), shown in zip(rows, values)],
            empty_text,
        ),
    )
    if not rows:
        return _svg(frame, [_empty_text(frame, empty_text)])
    top = max_value if max_value is not None else max(value for _label, value in rows)
    defs = [_pattern(frame.id, "hl", HIGHLIGHT, "diagonal")] if highlight else []
    body = [
        _bar_row(frame, index, label, value, shown, top, label in highlight)
        for index, ((label, value), shown) in enumerate(zip(rows, values))
    ]
    return _svg(frame, _defs(defs) + body)


def stacked_share_bar(
    *,
    title: str,
    parts: list[tuple[str, float]],
    description: str = "",
    width: int = 640,
    value_format: str = "{:g}",
    empty_text: str = EMPTY_TEXT,
) -> str:
    """One bar split into parts by share, with a legend below giving each part's value and per cent."""
    _check_title(title)
    parts = [(str(label), _number(value, f"the value of {label!r}")) for label, value in parts]
    _check_width(width)
    total = sum(value for _label, value in parts)
    legend = [f"{label}: {_format(value_format, value)} ({_percent(value, total)})" for label, value in parts]
    desc = _description(description, legend, empty_text)
    frame = _frame("stack", title, parts, width, _stack_height(len(parts)), desc)
    if not parts:
        return _svg(frame, [_empty_text(frame, empty_text)])
    defs = [_pattern(frame.id, f"p{i}", *_style(i)) for i in range(len(parts))]
    body = _stack_segments(frame, parts, total, legend) + _legend(frame, legend)
    return _svg(frame, _defs(defs) + body)


# --- Checking ----------------------------------------------------------------


def _number(value, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ChartInputError(f"{what} must be a number, not {value!r}")
    if not math.isfinite(value) or value < 0:
        raise ChartInputError(f"{what} must be a finite number of at least 0, not {value!r}")
    return value


def _check_title(title: str) -> None:
    # The title is the chart's accessible name; without one a screen reader only says "image".
    if not str(title).strip():
        raise ChartInputError("a chart needs a title")


def _check_width(width: int) -> None:
    if isinstance(width, bool) or not isinstance(width, int) or width < MIN_WIDTH:
        raise ChartInputError(f"width must be a whole number of at least {MIN_WIDTH}, not {width!r}")


def _format(value_format: str, value: float) -> str:
    try:
        return value_format.format(value)
    except (ValueError, IndexError, KeyError) as error:
        raise ChartInputError(f"value_format {value_format!r} cannot format {value!r}: {error}") from error


# --- Frame and text ------------------------------------------------------------


def _frame(kind: str, title: str, items: list[tuple[str, float]], width: int, height: int, desc: str) -> _Frame:
    return _Frame(_chart_id(kind, title, items), width, height, str(title), desc)


def _chart_id(kind: str, title: str, items: list[tuple[str, float]]) -> str:
    # The hash keeps ids readable and stable in shape; the counter keeps two identical charts on one page apart.
    digest = hashlib.sha1(repr((kind, str(title), items)).encode("utf-8")).hexdigest()[:8]
    return f"chart-{kind}-{digest}-{next(_counter)}"


def _description(description: str, items: list[str], empty_text: str) -> str:
    listed = "; ".join(items) + "." if items else empty_text
    return f"{description} {listed}" if description else listed


def _row_words(label: str, shown: str, marked: bool, highlight_text: str) -> str:
    return f"{label}: {shown} ({highlight_text})" if marked else f"{label}: {shown}"


def _esc(text) -> str:
    return html.escape(_NOT_XML.sub("", str(text)), quote=True)


def _attrs(**attributes) -> str:
    # Trailing underscores allow Python keywords; other underscores become hyphens (stroke_width).
    return " ".join(f'{name.rstrip("_").replace("_", "-")}="{_esc(value)}"' for name, value in attributes.items())


def _text(x: float, y: float, content: str, **attributes) -> str:
    """Text centred vertically on y (dy rather than dominant-baseline, which some renderers ignore)."""
    return f"<text {_attrs(x=_n(x), y=_n(y), dy='0.35em', fill=TEXT, **attributes)}>{_esc(content)}</text>"


def _n(value: float) -> str:
    """Coordinates with at most two decimals, so the output is short and stable."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _truncate(label: str, width: float) -> str:
    limit = max(1, int(width // CHAR_WIDTH))
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _percent(value: float, total: float) -> str:
    return f"{round(100 * value / total) if total else 0}\u00a0%"


def _svg(frame: _Frame, body: list[str]) -> str:
    root = _attrs(
        xmlns="http://www.w3.org/2000/svg",
        role="img",
        aria_labelledby=f"{frame.id}-title {frame.id}-desc",
        viewBox=f"0 0 {frame.width} {frame.height}",
        width=frame.width,
        height=frame.height,
        font_family=FONT_FAMILY,
        font_size=FONT_SIZE,
    )
    return "\n".join(
        [
            f'<svg {root} id="{frame.id}">',
            f'<title id="{frame.id}-title">{_esc(frame.title)}</title>',
            f'<desc id="{frame.id}-desc">{_esc(frame.desc)}</desc>',
            *body,
            "</svg>",
        ]
    )


def _empty_text(frame: _Frame, empty_text: str) -> str:
    return _text(MARGIN, frame.height / 2, empty_text)


# --- Fills -------------------------------------------------------------------


def _style(index: int) -> tuple[str, str]:
    """Colour and pattern of the index-th part; past five parts the patterns shift, so pairs stay unique."""
    colour = PALETTE[index % len(PALETTE)]
    pattern = PATTERNS[(index + index // len(PALETTE)) % len(PATTERNS)]
    return colour, pattern


def _pattern(chart_id: str, name: str, colour: str, kind: str) -> str:
    """A fill: the colour with white marks on top, so fills differ in shape as well as hue."""
    marks = {
        "solid": "",
        "diagonal": '<path d="M-2,2 l4,-4 M0,8 l8,-8 M6,10 l4,-4" stroke="#ffffff" stroke-width="1.5"/>',
        "dots": '<circle cx="4" cy="4" r="1.5" fill="#ffffff"/>',
        "horizontal": '<path d="M0,4 h8" stroke="#ffffff" stroke-width="1.5"/>',
        "crosshatch": '<path d="M0,0 l8,8 M8,0 l-8,8" stroke="#ffffff" stroke-width="1"/>',
    }[kind]
    return (
        f'<pattern id="{chart_id}-{name}" patternUnits="userSpaceOnUse" width="8" height="8">'
        f'<rect width="8" height="8" fill="{colour}"/>{marks}</pattern>'
    )


def _fill(chart_id: str, name: str) -> str:
    return f"url(#{chart_id}-{name})"


def _defs(patterns: list[str]) -> list[str]:
    return [f"<defs>{''.join(patterns)}</defs>"] if patterns else []


# --- Bar chart ---------------------------------------------------------------


def _bar_height(count: int) -> int:
    return 2 * MARGIN + max(count, 1) * ROW_HEIGHT


def _bar_row(frame: _Frame, index: int, label: str, value: float, shown: str, top: float, marked: bool) -> str:
    room = frame.width - LABEL_WIDTH - VALUE_WIDTH - MARGIN
    # No bars when the top is 0 (all zeros); values above max_value are drawn full length.
    length = room * min(value / top, 1.0) if top > 0 else 0.0
    middle = MARGIN + index * ROW_HEIGHT + ROW_HEIGHT / 2
    box = {"x": LABEL_WIDTH, "y": _n(middle - BAR_HEIGHT / 2), "width": _n(length), "height": BAR_HEIGHT}
    if marked:
        look = {"fill": _fill(frame.id, "hl"), "stroke": TEXT, "stroke_width": 1.5, "stroke_dasharray": "4 2"}
        look["class_"] = "bar bar-highlight"
    else:
        look = {"fill": BAR, "class_": "bar"}
    weight = {"font_weight": "bold"} if marked else {}
    # Bold text is wider: leave it more room so it never runs off the left edge.
    short = _truncate(label, (LABEL_WIDTH - 2 * MARGIN) * (0.85 if marked else 1.0))
    return "".join(
        [
            "<g>",
            f"<title>{_esc(label)}: {_esc(shown)}</title>",  # a hover tip with the full label
            _text(LABEL_WIDTH - MARGIN, middle, short, text_anchor="end", **weight),
            f"<rect {_attrs(**box, **look)}/>",
            _text(LABEL_WIDTH + length + 6, middle, shown, **weight),
            "</g>",
        ]
    )


# --- Stacked bar -------------------------------------------------------------


def _stack_height(count: int) -> int:
    return 2 * MARGIN + STACK_HEIGHT + MARGIN + max(count, 1) * LEGEND_ROW


def _stack_segments(frame: _Frame, parts: list[tuple[str, float]], total: float, words: list[str]) -> list[str]:
    room = frame.width - 2 * MARGIN
    # An outline of the whole bar, so an all-zero bar still shows where it would be.
    outline = {"x": MARGIN, "y": MARGIN, "width": room, "height": STACK_HEIGHT}
    shapes = [f"<rect {_attrs(**outline, fill='none', stroke=TEXT, stroke_width=1)}/>"]
    x = float(MARGIN)
    for index, (_label, value) in enumerate(parts):
        if not total or not value:
            continue  # nothing to draw, and no division by a zero total
        length = room * value / total
        box = {"x": _n(x), "y": MARGIN, "width": _n(length), "height": STACK_HEIGHT}
        # A white edge keeps neighbouring parts apart even where their colours are close.
        look = {"fill": _fill(frame.id, f"p{index}"), "stroke": "#ffffff", "stroke_width": 1, "class_": "part"}
        shapes.append(f"<rect {_attrs(**box, **look)}><title>{_esc(words[index])}</title></rect>")
        x += length
    return shapes


def _legend(frame: _Frame, entries: list[str]) -> list[str]:
    top = 2 * MARGIN + STACK_HEIGHT
    room = frame.width - 2 * MARGIN - SWATCH - 6
    items = []
    for index, entry in enumerate(entries):
        y = top + index * LEGEND_ROW
        swatch = {"x": MARGIN, "y": _n(y + (LEGEND_ROW - SWATCH) / 2), "width": SWATCH, "height": SWATCH}
        items.append(
            "".join(
                [
                    "<g>",
                    f"<rect {_attrs(**swatch, fill=_fill(frame.id, f'p{index}'), stroke=TEXT, stroke_width=1)}/>",
                    _text(MARGIN + SWATCH + 6, y + LEGEND_ROW / 2, _truncate(entry, room)),
                    "</g>",
                ]
            )
        )
    return items
