"""A user's own registry column names and codes, mapped to the registry dictionary.

A mapping file (YAML or JSON) names, for each registry column, the dictionary column it holds, and
for coded columns how the registry's codes translate to the vocabulary's::

    columns:
      KPS_pre: kps
      prim_tumour: primary_site
    codes:
      primary_site: {"1": breast, "2": prostate, "3": lung_nsclc}
      frankel: {"1": A, "2": B}

A REDCap data-dictionary export (CSV) is accepted too: a field whose annotation says
``@SPINEMET <column>``, or whose variable name is a dictionary column, maps to it; its choices
("1, Breast | 2, Prostate") map each code to the vocabulary code its label names.

Everything is checked when the mapping is read, each problem located (the entry, or the REDCap
row and field) and naming what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping as MappingABC
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from spinemet.cohort.dictionary import BY_NAME, YES_NO
from spinemet.errors import SpineMetError


class MappingError(SpineMetError):
    """A mapping file that cannot be used (every problem listed, each located)."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("; ".join(problems))


@dataclass(frozen=True)
class RegistryMapping:
    """registry column -> dictionary column, and per dictionary column: registry code -> vocabulary code."""

    columns: dict[str, str] = field(default_factory=dict)
    codes: dict[str, dict[str, str]] = field(default_factory=dict)

    def check_against(self, registry_columns: Sequence[str]) -> None:
        """Refuse a mapping that names a column the registry does not have."""
        missing = [c for c in self.columns if c not in registry_columns]
        if missing:
            raise MappingError([f"mapping columns.{c}: the registry has no column '{c}'; its columns: "
                                f"{', '.join(registry_columns)}" for c in missing])

    def apply(self, frame: pl.LazyFrame) -> pl.LazyFrame:
        """The registry with its columns renamed to the dictionary's and its codes translated (a code the
        mapping does not name is kept, and refused by the dictionary with its row and column)."""
        names = frame.collect_schema().names()
        self.check_against(names)
        renamed = frame.rename(self.columns) if self.columns else frame
        exprs = []
        for column, table in self.codes.items():
            if column in renamed.collect_schema().names():
                exprs.append(_translate(pl.col(column).cast(pl.String).str.strip_chars(), table).alias(column))
        return renamed.with_columns(exprs) if exprs else renamed


def _check_column(where: str, name: object, problems: list[str]) -> str | None:
    if not isinstance(name, str) or name not in BY_NAME:
        problems.append(f"{where}: '{name}' is not a dictionary column; allowed: {', '.join(BY_NAME)}")
        return None
    return name


def _check_code(where: str, column: str, code: object, problems: list[str]) -> str | None:
    col = BY_NAME[column]
    if col.kind == YES_NO:
        text = str(code).strip().lower()
        if text in ("yes", "no", "true", "false", "1", "0"):
            return text
        problems.append(f"{where}: '{code}' is not allowed for {column}; allowed: yes, no")
        return None
    for allowed in col.codes:
        if str(code).strip().lower() == allowed.lower():
            return allowed
    problems.append(f"{where}: '{code}' is not a code of {column}; allowed: {col.allowed}")
    return None


def _mapping(value: object, where: str, expected: str, problems: list[str]) -> MappingABC[Any, Any] | None:
    """``value`` when it is a mapping; else ``None`` and the problem ``where: expected ...`` (the
    caller checks the rest of the document, so that every problem is told at once)."""
    if isinstance(value, MappingABC):
        return value
    problems.append(f"{where}: expected {expected}")
    return None


def mapping_from_data(data: object, source: str = "mapping") -> RegistryMapping:
    """A mapping from the parsed YAML/JSON document (see the module docstring)."""
    problems: list[str] = []
    if not isinstance(data, MappingABC):
        raise MappingError([f"{source}: expected a mapping with 'columns' and/or 'codes'"])
    unknown = [k for k in data if k not in ("columns", "codes")]
    problems += [f"{source}.{k}: not a mapping section; allowed: columns, codes" for k in unknown]
    columns: dict[str, str] = {}
    raw_columns = _mapping(data.get("columns") or {}, f"{source}.columns", "registry column -> dictionary column",
                           problems) or {}
    for registry, target in raw_columns.items():
        name = _check_column(f"{source}.columns.{registry}", target, problems)
        if name is not None:
            columns[str(registry)] = name
    codes: dict[str, dict[str, str]] = {}
    raw_codes = _mapping(data.get("codes") or {}, f"{source}.codes",
                         "dictionary column -> {registry code: vocabulary code}", problems) or {}
    for column, table in raw_codes.items():
        name = _check_column(f"{source}.codes.{column}", column, problems)
        if name is None:
            continue
        entries = _mapping(table, f"{source}.codes.{column}", "registry code -> vocabulary code", problems)
        if entries is None:
            continue
        out: dict[str, str] = {}
        for code, target in entries.items():
            vocab = _check_code(f"{source}.codes.{column}.{code}", name, target, problems)
            if vocab is not None:
                out[str(code).strip()] = vocab
        codes[name] = out
    if problems:
        raise MappingError(problems)
    return RegistryMapping(columns, codes)


_ANNOTATION = re.compile(r"@SPINEMET\s+([a-z_]+)")


def _slug(label: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", label.strip().lower()).strip("_")


def mapping_from_redcap(rows: Sequence[MappingABC[str, str]], source: str = "REDCap data dictionary") -> RegistryMapping:
    """A mapping from the rows of a REDCap data-dictionary export (see the module docstring)."""
    problems: list[str] = []
    columns: dict[str, str] = {}
    codes: dict[str, dict[str, str]] = {}
    for i, row in enumerate(rows, start=2):  # row 1 is the header
        variable = (row.get("Variable / Field Name") or "").strip()
        annotation = _ANNOTATION.search(row.get("Field Annotation") or "")
        target = annotation.group(1) if annotation else variable if variable in BY_NAME else None
        if target is None:
            continue
        where = f"{source} row {i} ({variable})"
        name = _check_column(where, target, problems)
        if name is None:
            continue
        columns[variable] = name
        choices = (row.get("Choices, Calculations, OR Slider Labels") or "").strip()
        if not choices or (row.get("Field Type") or "") not in ("dropdown", "radio"):
            continue
        table: dict[str, str] = {}
        for choice in choices.split("|"):
            code, _, label = choice.partition(",")
            vocab = _check_code(f"{where} choice '{choice.strip()}'", name, _slug(label), problems)
            if vocab is not None:
                table[code.strip()] = vocab
        codes[name] = table
    if problems:
        raise MappingError(problems)
    return RegistryMapping({k: v for k, v in columns.items() if k != v}, codes)


def _translate(expr: pl.Expr, table: dict[str, str]) -> pl.Expr:
    """``expr.replace(table)`` batch by batch (a whole-column ``replace`` would stop the streaming)."""

    def per_batch(s: pl.Series) -> pl.Series:
        return s.replace(table)

    return expr.map_batches(per_batch, return_dtype=pl.String, is_elementwise=True)
