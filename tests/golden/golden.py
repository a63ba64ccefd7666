"""Golden outputs of every example case, written before the one-door renovation (issue 11).

For each example case file and each distinct day of its timeline (plus the default day, the last
event), the assessment JSON (instruments, alerts, plan) and the course analysis JSON are written
to ``tests/golden/data/<case>.json``. The test compares today's outputs with those files byte for
byte, so a refactor that changes a score, a band, a reason or an alert fails loudly.

Regenerate only when a change of output is intended and explained in the commit message:
``python -m tests.golden.golden``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = sorted((ROOT / "examples").glob("*.yaml"))
DATA = Path(__file__).resolve().parent / "data"


def outputs(path: Path) -> dict[str, Any]:
    """Every assessment and the course analysis of one example case, as plain JSON data."""
    from spinemet.assessment import assess
    from spinemet.course import analyse
    from spinemet.io.casefile import load_case

    case = load_case(path)
    days = sorted({case.day_of(e) for e in case.timeline})
    assessments: dict[str, Any] = {}
    for day in [None, *days]:
        data = assess(case, day).as_dict()
        # A fallback flag that the renovation removes; it carries no clinical content.
        data.pop("course_available", None)
        assessments["default" if day is None else str(day)] = data
    return {"case": case.id, "assessments": assessments, "course": analyse(case).as_dict()}


def encode(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False, default=str) + "\n"


def main() -> None:
    DATA.mkdir(exist_ok=True)
    for path in EXAMPLES:
        (DATA / f"{path.stem}.json").write_text(encode(outputs(path)), encoding="utf-8")


if __name__ == "__main__":
    main()
