"""The bibliography has one entry per source: a key defined twice is an error at import, and no
entry of any domain module is dropped on the way into :data:`spinemet.evidence.BIBLIOGRAPHY`."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pytest

from spinemet.evidence import (
    BIBLIOGRAPHY,
    DuplicateReference,
    Reference,
    merge,
    refs_cohort,
    refs_core,
    refs_course,
    refs_instruments,
    refs_pathway,
)

DOMAINS = (refs_core, refs_instruments, refs_pathway, refs_course, refs_cohort)


def test_every_entry_of_every_domain_module_is_in_the_bibliography_unchanged() -> None:
    entries = [ref for module in DOMAINS for ref in module.REFERENCES]
    assert len(entries) == len(BIBLIOGRAPHY)
    for ref in entries:
        assert BIBLIOGRAPHY[ref.key] is ref


def test_merge_refuses_a_key_defined_twice_naming_both_modules() -> None:
    first = Reference("x2020", "A", 2020, "One title")
    second = Reference("x2020", "A", 2020, "Another title")
    with pytest.raises(DuplicateReference, match=r"'x2020' is defined twice \(refs_a and refs_b\)"):
        merge(("refs_a", (first,)), ("refs_b", (second,)))


def test_a_duplicate_key_in_a_domain_module_fails_the_import_of_the_bibliography() -> None:
    # A fresh interpreter: add a second copy of a pathway entry to the course module, then run
    # the package body again (as importing it does) and report what it raised.
    script = textwrap.dedent("""
        import importlib
        import spinemet.evidence as evidence
        from spinemet.evidence import refs_course, refs_pathway
        refs_course.REFERENCES = (*refs_course.REFERENCES, refs_pathway.REFERENCES[0])
        try:
            importlib.reload(evidence)
        except Exception as exc:
            print(type(exc).__name__, exc)
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    key = refs_pathway.REFERENCES[0].key
    assert out.strip() == (f"DuplicateReference evidence key {key!r} is defined twice (refs_pathway and "
                           "refs_course); merge the two entries into one")
