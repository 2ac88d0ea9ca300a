"""YAML in and out for Lika's data files, with line numbers for messages.

Reading: every mapping and list remembers the line it starts on and the line
of each key or item, so a validator can say `plan.yaml:48: nodes[3].code: ...`.
Dates are not turned into date objects by YAML (a wrong date such as
2022-13-01 would otherwise fail deep inside the parser); validators parse them.

Writing: block style, keys in the order given, multi-line text as literal
blocks, short number lists in flow style, so that files are readable and
exporting the same data twice gives the same bytes.
"""

from dataclasses import dataclass, field

import yaml


class LineDict(dict):
    line: int = 0
    key_lines: dict

    def line_of(self, key) -> int:
        return self.key_lines.get(key, self.line)


class LineList(list):
    line: int = 0
    item_lines: list

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class DuplicateKey(Exception):
    def __init__(self, key, line):
        super().__init__(f"the key {key!r} appears twice")
        self.key = key
        self.line = line


class _Loader(yaml.SafeLoader):
    pass


# Keep dates as text: validators parse them and say what is wrong.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _construct_mapping(loader, node):
    loader.flatten_mapping(node)
    mapping = LineDict()
    mapping.line = node.start_mark.line + 1
    mapping.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in mapping:
            raise DuplicateKey(key, key_node.start_mark.line + 1)
        mapping[key] = loader.construct_object(value_node, deep=True)
        mapping.key_lines[key] = key_node.start_mark.line + 1
    return mapping


def _construct_sequence(loader, node):
    sequence = LineList(loader.construct_object(child, deep=True) for child in node.value)
    sequence.line = node.start_mark.line + 1
    sequence.item_lines = [child.start_mark.line + 1 for child in node.value]
    return sequence


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


@dataclass(frozen=True)
class Problem:
    line: int | None
    field: str
    message: str

    def format(self, filename: str) -> str:
        where = f"{filename}:{self.line}" if self.line else filename
        return f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"


class FileProblems(Exception):
    """One or more problems in a data file; nothing has been written."""

    def __init__(self, filename: str, problems: list[Problem]):
        self.filename = filename
        self.problems = problems
        super().__init__("\n".join(self.lines()))

    def lines(self) -> list[str]:
        return [problem.format(self.filename) for problem in self.problems]


@dataclass
class ProblemList:
    problems: list[Problem] = field(default_factory=list)

    def add(self, line: int | None, field_path: str, message: str) -> None:
        self.problems.append(Problem(line, field_path, message))

    def __bool__(self) -> bool:
        return bool(self.problems)


def parse_yaml(text: str, filename: str):
    """Parse YAML text, or raise FileProblems naming the line that is wrong."""
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - _Loader is a SafeLoader
    except DuplicateKey as exc:
        raise FileProblems(filename, [Problem(exc.line, str(exc.key), str(exc))]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        message = f"not valid YAML: {exc.problem or exc.context}"
        raise FileProblems(filename, [Problem(line, "", message)]) from None
    except yaml.YAMLError as exc:
        raise FileProblems(filename, [Problem(None, "", f"not valid YAML: {exc}")]) from None


class FlowList(list):
    """A list written on one line: `goals: [3, 5, 10]`."""


class _Dumper(yaml.SafeDumper):
    pass


def _represent_str(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


def _represent_flow_list(dumper, value):
    return dumper.represent_sequence("tag:yaml.org,2002:seq", value, flow_style=True)


_Dumper.add_representer(str, _represent_str)
_Dumper.add_representer(FlowList, _represent_flow_list)
_Dumper.add_representer(LineDict, _Dumper.represent_dict)
_Dumper.add_representer(LineList, _Dumper.represent_list)


def dump_yaml(data, header: str = "") -> str:
    body = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100_000,
        indent=2,
    )
    return header + body


def clean_text(value: str) -> str:
    """Text as it is stored: no trailing spaces on lines, no blank lines at the ends.

    Literal YAML blocks cannot hold trailing spaces, so keeping them would break
    the round trip; they carry no meaning.
    """
    lines = [line.rstrip() for line in value.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n").strip()
