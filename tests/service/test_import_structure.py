"""The house plan (DESIGN.md, docs/architecture.md) checked on the source: which layer imports which.

Every ``import`` of every module under ``src/spinemet`` is read with :mod:`ast` (imports inside
functions included), so a lazy import cannot hide a dependency.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

SRC = Path(__file__).resolve().parents[2] / "src" / "spinemet"

CORE = ("anatomy", "evidence", "case", "instruments", "pathway", "course", "assessment", "extract", "fhir", "similar")
ADAPTERS = ("io", "store", "service", "api", "web", "report", "cli", "server")

#: What web pages and commands may import from the core themselves: types they render and
#: vocabulary they show (names of values, labels, the bibliography). Everything computed -- a
#: snapshot, a score, an assessment, a course, the rules -- comes through the service.
TYPES_AND_VOCABULARY: dict[str, frozenset[str] | None] = {
    # the record's types and its vocabulary (enumerations of allowed values)
    "spinemet.case": frozenset({"Case", "Dated", "Event", "EVENT_TYPES", "Snapshot", "case_to_data"}),
    "spinemet.case.events": None,
    "spinemet.case.vocab": None,
    "spinemet.case.units": frozenset({"allowed_units"}),
    # how a problem's location is written ("timeline[3].findings[0].escc"), to show it at its field
    "spinemet.case.problems": frozenset({"location_text", "problems_from"}),
    # the bibliography: titles and short citations of the keys results cite
    "spinemet.evidence": frozenset({"BIBLIOGRAPHY", "cite", "references"}),
}

#: What no adapter imports from the core, not even a type under ``TYPE_CHECKING``: the computing
#: parts. The result and declaration types that pages and commands render (``Assessment``,
#: ``CourseAnalysis``, ``Result``, ``Instrument``, ``Alert``) are re-exported by ``spinemet.service``.
COMPUTING = ("instruments", "pathway", "course", "assessment")

#: The one place the web pages validate what was typed against the record's types before the
#: service sees it: a new case's header and one event, so that each problem shows at its field.
FORM_VALIDATION = {("spinemet.web.forms", "spinemet.case", "parse_case")}


@dataclass(frozen=True)
class Imported:
    importer: str  # dotted module name
    module: str  # dotted module imported from
    names: tuple[str, ...]  # names imported (empty for ``import x``)
    line: int


def _module_name(path: Path) -> str:
    rel = path.relative_to(SRC.parent).with_suffix("")
    parts = rel.parts[:-1] if rel.name == "__init__" else rel.parts
    return ".".join(parts)


def _imports() -> list[Imported]:
    found: list[Imported] = []
    for path in sorted(SRC.rglob("*.py")):
        name = _module_name(path)
        package = name if path.name == "__init__.py" else name.rpartition(".")[0]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
            if isinstance(node, ast.Import):
                found.extend(Imported(name, alias.name, (), node.lineno) for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = package.split(".")
                    anchor = anchor[: len(anchor) - (node.level - 1)]
                    base = ".".join([*anchor, base]) if base else ".".join(anchor)
                found.append(Imported(name, base, tuple(a.name for a in node.names), node.lineno))
    return found


def _layer(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "spinemet" or len(parts) < 2:
        return None
    return parts[1]


IMPORTS = _imports()


def test_the_source_tree_is_read() -> None:
    importers = {i.importer for i in IMPORTS}
    assert {"spinemet.service.usecases", "spinemet.web.routes_cases", "spinemet.cli.pathway_cmds",
            "spinemet.assessment", "spinemet.instruments"} <= importers


def test_the_core_imports_no_adapter() -> None:
    bad = [i for i in IMPORTS if _layer(i.importer) in CORE and _layer(i.module) in ADAPTERS]
    assert bad == []


def test_only_the_service_imports_the_store() -> None:
    bad = [i for i in IMPORTS if _layer(i.module) == "store" and _layer(i.importer) not in ("store", "service")]
    assert bad == []


def test_web_and_cli_reach_the_core_only_through_the_service() -> None:
    bad = []
    for i in IMPORTS:
        if _layer(i.importer) not in ("web", "cli") or _layer(i.module) not in CORE:
            continue
        allowed = TYPES_AND_VOCABULARY.get(i.module, frozenset())
        names = i.names or ("<module>",)
        for name in names:
            if (i.importer, i.module, name) in FORM_VALIDATION:
                continue
            if allowed is None or name in allowed:
                continue
            bad.append(f"{i.importer}:{i.line} imports {name} from {i.module}")
    assert bad == []


def test_no_adapter_imports_the_computing_core_even_for_a_type() -> None:
    """Imports under ``if TYPE_CHECKING:`` count too: :func:`_imports` reads every import statement."""
    bad = [f"{i.importer}:{i.line} imports {i.module}" for i in IMPORTS
           if _layer(i.importer) in ("web", "cli", "api") and _layer(i.module) in COMPUTING]
    assert bad == []


def test_type_only_imports_are_read() -> None:
    """The check above sees an import that only the type checker runs (this module imports the
    assessment's type for its signatures only)."""
    found = [i for i in IMPORTS if i.importer == "spinemet.cli.pathway_cmds" and "Assessment" in i.names]
    assert [i.module for i in found] == ["spinemet.service"]


def test_the_allowed_list_names_only_what_exists() -> None:
    """An exception for a name no one imports any more is removed, not kept 'just in case'."""
    used = {(i.module, n) for i in IMPORTS if _layer(i.importer) in ("web", "cli") for n in i.names}
    unused = [f"{m}.{n}" for m, names in TYPES_AND_VOCABULARY.items() if names for n in names if (m, n) not in used]
    assert unused == []


def test_no_module_is_loaded_at_run_time_by_name() -> None:
    bad = []
    for path in sorted(SRC.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                func = node.func
                if isinstance(func, ast.Attribute) and func.attr == "import_module":
                    bad.append(f"{path.relative_to(SRC)}:{node.lineno} import_module")
                if isinstance(func, ast.Name) and func.id in ("__import__", "import_module"):
                    bad.append(f"{path.relative_to(SRC)}:{node.lineno} {func.id}")
            if isinstance(node, ast.ImportFrom) and node.module == "importlib" and any(
                    a.name == "import_module" for a in node.names):
                bad.append(f"{path.relative_to(SRC)}:{node.lineno} from importlib import import_module")
    assert bad == []


def test_no_fallback_for_a_missing_part_remains() -> None:
    words = ("Unavailable", "has_assessment", "has_course", "missing_parts", "not installed yet",
             "course_available")
    bad = [f"{path.relative_to(SRC)}: {w}" for path in sorted(SRC.rglob("*"))
           if path.suffix in (".py", ".html") for w in words
           if re.search(rf"\b{w}\b", path.read_text(encoding="utf-8"))]
    assert bad == []
