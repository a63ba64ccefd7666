"""Any change to a bundle either reads or is a located problem, never another exception: exported and
mCODE bundles with one to three elements replaced by values of other JSON types (seeded, so a failure
is reproducible; 8,000 such mutations were run once by hand while building, this keeps 600 in CI)."""

from __future__ import annotations

import copy
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from spinemet.errors import ValidationFailed
from spinemet.io.casefile import load_case
from spinemet.service.fhir_export import export_bundle
from spinemet.service.fhir_import import read_bundle_data

ROOT = Path(__file__).resolve().parents[2]
DATA = Path(__file__).resolve().parent / "data"
VALUES: list[Any] = [None, 1, -3, 2.5, True, "x", "", [], {}, [1], {"a": 1}, "T6", "urn:uuid:1", [{"x": 1}],
                     10**12, "2024-13-45"]


def _paths(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield path
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _paths(value, (*path, i))


@pytest.fixture(scope="module")
def bases() -> list[dict[str, Any]]:
    exported = [json.loads(json.dumps(export_bundle(load_case(ROOT / "examples" / name))))
                for name in ("story-lung-net-t6.yaml", "synthetic-breast-multilevel-visceral.yaml")]
    foreign = [json.loads((DATA / n).read_text(encoding="utf-8"))
               for n in ("mcode-john-anyperson.json", "mcode-jenny-m.json", "partial-t6-ecog.json",
                         "mcode-jenny-m-staging.json", "partial-markers.json")]
    # a radiotherapy course with its technique and intent (modality-and-technique, treatmentIntent)
    rcc = load_case(ROOT / "examples" / "synthetic-rcc-t12-unstable.yaml")
    data = rcc.model_dump(mode="json", exclude_none=True)
    course = next(e for e in data["timeline"] if e["type"] == "radiotherapy")
    course["intent"] = "palliative"
    exported.append(json.loads(json.dumps(export_bundle(rcc.model_validate(data)))))
    return exported + foreign


@pytest.mark.parametrize("seed", range(6))
def test_mutated_bundles_read_or_fail_with_located_problems(bases: list[dict[str, Any]], seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(100):
        bundle = copy.deepcopy(rng.choice(bases))
        paths = [p for p in _paths(bundle) if p]
        for _change in range(rng.randint(1, 3)):
            path = rng.choice(paths)
            parent: Any = bundle
            try:
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = rng.choice(VALUES)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier change removed the way there
        try:
            read_bundle_data(bundle)
        except ValidationFailed as exc:
            assert exc.problems and all(p.location for p in exc.problems), exc
