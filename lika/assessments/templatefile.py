"""Assessment templates as data: read and check a template file, without Django.

A template is a list of steps, each a list of questions, with every text in
Swedish and English. A step can be asked once per perspective (`for_each:
perspectives`: the seven discrimination grounds, socioeconomics and
children), which is how an assessment records, ground by ground, whether it
found a risk. The file format is documented in docs/impact-assessments.md.

Answers are stored under keys made from the template: `step.question`, or
`step.perspective.question` in a step asked per perspective.
"""

import re
from dataclasses import dataclass

from lika.lib.yamlfile import FileProblems, LineDict, LineList, ProblemList, parse_yaml

KINDS = ("equal_opportunity", "child_rights", "gender", "other")
QUESTION_TYPES = ("text", "yes_no", "yes_no_unsure", "choice", "multiple")
# The answers every yes/no question offers, in this order.
YES_NO = ("yes", "no")
YES_NO_UNSURE = ("yes", "no", "unsure")
LANGUAGES = ("sv", "en")
_KEY = re.compile(r"^[a-z][a-z0-9_]*$")


@dataclass(frozen=True)
class Text:
    sv: str
    en: str

    def get(self, language: str) -> str:
        return (self.en if language == "en" else self.sv) or self.sv


@dataclass(frozen=True)
class Choice:
    key: str
    label: Text


@dataclass(frozen=True)
class Question:
    key: str
    type: str
    text: Text
    help: Text | None
    required: bool
    choices: tuple[Choice, ...]
    # A "yes" here means the assessment found a risk for the perspective (or the matter).
    risk: bool

    def choice_keys(self) -> tuple[str, ...]:
        if self.type == "yes_no":
            return YES_NO
        if self.type == "yes_no_unsure":
            return YES_NO_UNSURE
        return tuple(c.key for c in self.choices)


@dataclass(frozen=True)
class Step:
    key: str
    title: Text
    intro: Text | None
    for_each_perspective: bool
    questions: tuple[Question, ...]


@dataclass(frozen=True)
class Template:
    key: str
    kind: str
    name: Text
    description: Text
    section_title: Text
    steps: tuple[Step, ...]

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)


@dataclass(frozen=True)
class Perspective:
    key: str
    name: Text


@dataclass(frozen=True)
class Slot:
    """One answer the template asks for: a question, for one perspective or for the matter."""

    key: str
    step: Step
    question: Question
    perspective: Perspective | None


def slots(template: Template, perspectives: list[Perspective]) -> list[Slot]:
    """Every answer the template asks for, in the order the steps ask them."""
    found = []
    for step in template.steps:
        if step.for_each_perspective:
            for perspective in perspectives:
                for question in step.questions:
                    found.append(Slot(f"{step.key}.{perspective.key}.{question.key}", step, question, perspective))
        else:
            for question in step.questions:
                found.append(Slot(f"{step.key}.{question.key}", step, question, None))
    return found


# --- Reading ----------------------------------------------------------------------


def parse_template(text: str, filename: str = "template.yaml") -> Template:
    """The template in a file, or FileProblems listing everything wrong with it."""
    data = parse_yaml(text, filename)
    problems = ProblemList()
    template = _Reader(problems).template(data)
    if problems:
        raise FileProblems(filename, problems.problems)
    return template


class _Reader:
    def __init__(self, problems: ProblemList):
        self.problems = problems

    def template(self, data) -> Template | None:
        if not isinstance(data, LineDict):
            self.problems.add(getattr(data, "line", 1) or 1, "", "a template file is a mapping with key, kind, name and steps")
            return None
        self._unknown(data, "", {"key", "kind", "name", "description", "section_title", "steps"})
        key = self._key(data, "key", "")
        kind = data.get("kind")
        if kind not in KINDS:
            self.problems.add(data.line_of("kind"), "kind", f"must be one of {', '.join(KINDS)}")
        name = self._text(data, "name", "", required=True)
        description = self._text(data, "description", "", required=False)
        section_title = self._text(data, "section_title", "", required=True)
        steps_data = data.get("steps")
        steps = []
        if not isinstance(steps_data, LineList) or not steps_data:
            self.problems.add(data.line_of("steps"), "steps", "must be a list of at least one step")
        else:
            seen = set()
            for index, item in enumerate(steps_data):
                step = self.step(item, f"steps[{index}]", steps_data.line_of(index))
                if step is None:
                    continue
                if step.key in seen:
                    self.problems.add(steps_data.line_of(index), f"steps[{index}].key", f"{step.key!r} is used by another step")
                seen.add(step.key)
                steps.append(step)
        if self.problems:
            return None
        return Template(key, kind, name, description or Text("", ""), section_title, tuple(steps))

    def step(self, data, path: str, line: int) -> Step | None:
        if not isinstance(data, LineDict):
            self.problems.add(line, path, "a step is a mapping with key, title and questions")
            return None
        self._unknown(data, path, {"key", "title", "intro", "for_each", "questions"})
        key = self._key(data, "key", path)
        title = self._text(data, "title", path, required=True)
        intro = self._text(data, "intro", path, required=False)
        for_each = data.get("for_each")
        if for_each not in (None, "perspectives"):
            self.problems.add(data.line_of("for_each"), f"{path}.for_each", "the only value is 'perspectives'")
        questions_data = data.get("questions")
        questions = []
        if not isinstance(questions_data, LineList) or not questions_data:
            self.problems.add(data.line_of("questions"), f"{path}.questions", "must be a list of at least one question")
        else:
            seen = set()
            for index, item in enumerate(questions_data):
                raw_key = item.get("key") if isinstance(item, LineDict) else None
                if isinstance(raw_key, str) and raw_key in seen:
                    self.problems.add(
                        questions_data.line_of(index), f"{path}.questions[{index}].key", f"{raw_key!r} is used twice in this step"
                    )
                seen.add(raw_key)
                question = self.question(item, f"{path}.questions[{index}]", questions_data.line_of(index))
                if question is not None:
                    questions.append(question)
        return Step(key, title, intro, for_each == "perspectives", tuple(questions))

    def question(self, data, path: str, line: int) -> Question | None:
        if not isinstance(data, LineDict):
            self.problems.add(line, path, "a question is a mapping with key, type and text")
            return None
        self._unknown(data, path, {"key", "type", "text", "help", "required", "choices", "risk"})
        key = self._key(data, "key", path)
        kind = data.get("type")
        if kind not in QUESTION_TYPES:
            self.problems.add(data.line_of("type"), f"{path}.type", f"must be one of {', '.join(QUESTION_TYPES)}")
        text = self._text(data, "text", path, required=True)
        help_text = self._text(data, "help", path, required=False)
        required = data.get("required", False)
        if not isinstance(required, bool):
            self.problems.add(data.line_of("required"), f"{path}.required", "must be true or false")
        risk = data.get("risk", False)
        if not isinstance(risk, bool):
            self.problems.add(data.line_of("risk"), f"{path}.risk", "must be true or false")
        elif risk and kind not in ("yes_no", "yes_no_unsure"):
            self.problems.add(data.line_of("risk"), f"{path}.risk", "only a yes/no question can mark a risk")
        choices = []
        choices_data = data.get("choices")
        if kind in ("choice", "multiple"):
            if not isinstance(choices_data, LineList) or len(choices_data) < 2:
                self.problems.add(data.line_of("choices"), f"{path}.choices", "a choice question needs at least two choices")
            else:
                for index, item in enumerate(choices_data):
                    choice_path = f"{path}.choices[{index}]"
                    if not isinstance(item, LineDict):
                        self.problems.add(choices_data.line_of(index), choice_path, "a choice is a mapping with key, sv and en")
                        continue
                    choice_key = self._key(item, "key", choice_path)
                    label = self._languages(item, choice_path, required=True)
                    if label is not None and choice_key:
                        choices.append(Choice(choice_key, label))
                if len({c.key for c in choices}) != len(choices):
                    self.problems.add(data.line_of("choices"), f"{path}.choices", "two choices have the same key")
        elif choices_data is not None:
            self.problems.add(data.line_of("choices"), f"{path}.choices", f"only choice and multiple questions have choices, not {kind}")
        if kind not in QUESTION_TYPES or text is None:
            return None
        return Question(key, kind, text, help_text, required is True, tuple(choices), risk is True)

    # --- pieces ---

    def _unknown(self, data: LineDict, path: str, known: set[str]) -> None:
        for key in data:
            if key not in known:
                where = f"{path}.{key}" if path else str(key)
                self.problems.add(data.line_of(key), where, f"unknown field (known: {', '.join(sorted(known))})")

    def _key(self, data: LineDict, field_name: str, path: str) -> str:
        value = data.get(field_name)
        where = f"{path}.{field_name}" if path else field_name
        if not isinstance(value, str) or not _KEY.match(value):
            self.problems.add(data.line_of(field_name), where, "must be lower-case letters a–z, digits and _ , starting with a letter")
            return ""
        return value

    def _text(self, data: LineDict, field_name: str, path: str, *, required: bool) -> Text | None:
        value = data.get(field_name)
        where = f"{path}.{field_name}" if path else field_name
        if value is None:
            if required:
                self.problems.add(data.line_of(field_name), where, "is missing")
            return None
        if not isinstance(value, LineDict):
            self.problems.add(data.line_of(field_name), where, "give the text in Swedish and English: {sv: ..., en: ...}")
            return None
        return self._languages(value, where, required=required)

    def _languages(self, data: LineDict, where: str, *, required: bool) -> Text | None:
        sv, en = data.get("sv"), data.get("en")
        for language, value in (("sv", sv), ("en", en)):
            if value is not None and not isinstance(value, str):
                self.problems.add(data.line_of(language), f"{where}.{language}", "must be text")
                return None
        if not (sv or "").strip():
            self.problems.add(data.line_of("sv"), f"{where}.sv", "the Swedish text is missing")
            return None
        if required and not (en or "").strip():
            self.problems.add(data.line_of("en"), f"{where}.en", "the English text is missing")
            return None
        return Text(sv.strip(), (en or "").strip())


def as_data(template: Template) -> dict:
    """The template as plain data (what the database keeps beside the file's text)."""

    def text(value: Text | None):
        return None if value is None else {"sv": value.sv, "en": value.en}

    return {
        "key": template.key,
        "kind": template.kind,
        "name": text(template.name),
        "description": text(template.description),
        "section_title": text(template.section_title),
        "steps": [
            {
                "key": step.key,
                "title": text(step.title),
                "intro": text(step.intro),
                "for_each_perspective": step.for_each_perspective,
                "questions": [
                    {
                        "key": q.key,
                        "type": q.type,
                        "text": text(q.text),
                        "help": text(q.help),
                        "required": q.required,
                        "risk": q.risk,
                        "choices": [{"key": c.key, "label": text(c.label)} for c in q.choices],
                    }
                    for q in step.questions
                ],
            }
            for step in template.steps
        ],
    }


def from_data(data: dict) -> Template:
    """The inverse of as_data, for templates read back from the database."""

    def text(value) -> Text | None:
        return None if value is None else Text(value["sv"], value["en"])

    return Template(
        key=data["key"],
        kind=data["kind"],
        name=text(data["name"]),
        description=text(data["description"]) or Text("", ""),
        section_title=text(data["section_title"]),
        steps=tuple(
            Step(
                key=s["key"],
                title=text(s["title"]),
                intro=text(s["intro"]),
                for_each_perspective=s["for_each_perspective"],
                questions=tuple(
                    Question(
                        key=q["key"],
                        type=q["type"],
                        text=text(q["text"]),
                        help=text(q["help"]),
                        required=q["required"],
                        choices=tuple(Choice(c["key"], text(c["label"])) for c in q["choices"]),
                        risk=q["risk"],
                    )
                    for q in s["questions"]
                ),
            )
            for s in data["steps"]
        ),
    )
