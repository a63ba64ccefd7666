"""The development set of published cases (issue 12): reading its files and walking its ledgers.

Each case lives in its own folder: ``source.yaml`` (citation as read), ``facts.yaml`` (what the
abstract states, in our own words), ``case.yaml`` (the case file) and ``ledger.yaml`` (for each
fact, where the case file holds it or why it cannot yet). The helpers here are shared by the tests
and by ``ledger_report.py``, which prints the counts the lead reports.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

HERE = Path(__file__).parent

#: fact categories (issue 12, "A development set of real cases")
CATEGORIES = frozenset(
    {
        "patient",
        "primary",
        "histology",
        "level",
        "compartment",
        "imaging finding",
        "neurology",
        "walking",
        "pain",
        "performance",
        "burden",
        "treatment",
        "complication",
        "recurrence",
        "outcome",
        "timing",
    }
)
#: the mix issue 12 asks for, with the minimum count of each
MIX_MINIMUM = {"neuroendocrine": 8, "local_failure": 6, "intradural_or_diffuse": 4}
MIN_CASES = 30

#: leaves of a case file that carry no clinical fact: identifiers, the format version, the title,
#: the citation block and the event-type discriminators
STRUCTURAL_KEYS = frozenset({"id", "schema_version", "title", "synthetic"})
STRUCTURAL_ROOTS = frozenset({"source"})


def case_dirs() -> list[Path]:
    return sorted(p for p in HERE.iterdir() if p.is_dir() and (p / "source.yaml").exists())


def read_yaml(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@dataclass(frozen=True)
class PublishedCase:
    folder: Path

    @property
    def name(self) -> str:
        return self.folder.name

    @property
    def source(self) -> dict[str, Any]:
        data: dict[str, Any] = read_yaml(self.folder / "source.yaml")
        return data

    @property
    def facts(self) -> list[dict[str, Any]]:
        data = read_yaml(self.folder / "facts.yaml")
        facts: list[dict[str, Any]] = data["facts"]
        return facts

    @property
    def case_path(self) -> Path:
        return self.folder / "case.yaml"

    @property
    def case_data(self) -> dict[str, Any]:
        data: dict[str, Any] = read_yaml(self.case_path)
        return data

    @property
    def ledger(self) -> dict[str, Any]:
        data: dict[str, Any] = read_yaml(self.folder / "ledger.yaml")
        return data


def published_cases() -> list[PublishedCase]:
    return [PublishedCase(folder) for folder in case_dirs()]


# ------------------------------------------------------------------ paths in a case file

_TOKEN = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]")


def parse_path(path: str) -> list[str | int]:
    """``timeline[3].findings[0].escc`` -> ['timeline', 3, 'findings', 0, 'escc']."""
    tokens: list[str | int] = []
    position = 0
    for part in path.split("."):
        matched = "".join(m.group(0) for m in _TOKEN.finditer(part))
        if matched != part or not part:
            raise ValueError(f"ledger path {path!r}: cannot read {part!r}")
        for m in _TOKEN.finditer(part):
            tokens.append(m.group(1) if m.group(1) is not None else int(m.group(2)))
        position += len(part) + 1
    return tokens


def resolve(obj: Any, path: str) -> Any:
    """The value at ``path`` in a loaded case (pydantic models, lists, dicts)."""
    value = obj
    for token in parse_path(path):
        if isinstance(token, int):
            value = value[token]
        elif isinstance(value, dict):
            value = value[token]
        else:
            if token not in type(value).model_fields:
                raise KeyError(f"{type(value).__name__} has no field {token!r}")
            value = getattr(value, token)
    return value


def leaves(data: Any, prefix: str = "") -> Iterator[tuple[str, Any]]:
    """Every scalar leaf of a raw case file with its path (lists of scalars leaf per item)."""
    if isinstance(data, dict):
        for key, value in data.items():
            yield from leaves(value, f"{prefix}.{key}" if prefix else str(key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from leaves(value, f"{prefix}[{index}]")
    else:
        yield prefix, data


def is_structural(path: str) -> bool:
    tokens = parse_path(path)
    last = tokens[-1]
    if tokens[0] in STRUCTURAL_ROOTS:
        return True
    if last in STRUCTURAL_KEYS:
        return True
    # the event-type discriminator: timeline[i].type
    return len(tokens) == 3 and tokens[0] == "timeline" and last == "type"


def claims(prefix: str, path: str) -> bool:
    """Whether a ledger path claims ``path`` (itself, or a containing object or list)."""
    return path == prefix or path.startswith(prefix + ".") or path.startswith(prefix + "[")


# ------------------------------------------------------------------ ledger entries


def ledger_entries(case: PublishedCase) -> dict[str, dict[str, Any]]:
    entries: dict[str, dict[str, Any]] = case.ledger["entries"]
    return entries


def forced_values(case: PublishedCase) -> list[dict[str, Any]]:
    forced: list[dict[str, Any]] = case.ledger.get("forced_by_format") or []
    return forced
