"""The curated library of published cases (``src/spinemet/data/published``, searched by ``spinemet similar
--published``) holds the development set's case and source files unchanged, one folder per case, so that a
fact corrected in a ledgered case file is what the library shows (its README promises this test)."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "src" / "spinemet" / "data" / "published"
DEVELOPMENT_SET = ROOT / "tests" / "cases" / "published"


def _folders(root: Path) -> set[str]:
    return {p.name for p in root.iterdir() if p.is_dir() and (p / "case.yaml").exists()}


def test_the_library_has_every_case_of_the_development_set_and_no_other() -> None:
    assert _folders(LIBRARY) == _folders(DEVELOPMENT_SET)


def test_each_library_case_and_source_file_is_the_development_sets_file() -> None:
    differ = [f"{name}/{file}" for name in sorted(_folders(DEVELOPMENT_SET)) for file in ("case.yaml", "source.yaml")
              if (LIBRARY / name / file).read_bytes() != (DEVELOPMENT_SET / name / file).read_bytes()]
    assert differ == []
