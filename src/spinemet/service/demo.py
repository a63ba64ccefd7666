"""The bundled story case (``spinemet serve`` pre-loads it; ``spinemet demo`` replays it day by day)."""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from spinemet.assessment import Assessment
from spinemet.case import Case, Snapshot, parse_case
from spinemet.course import CourseAnalysis, neuro_change
from spinemet.course.compare import escc_range, escc_words
from spinemet.errors import NotFound
from spinemet.io.casefile import parse_text
from spinemet.pathway.model import Severity
from spinemet.service import offline

STORY_CASE_ID = "story-lung-net-t6"
STORY_FILE = f"{STORY_CASE_ID}.yaml"


def example_path(name: str = STORY_FILE) -> Path:
    """Where a bundled example case file is: inside the package, else the repository's ``examples/``."""
    candidates: list[Path] = []
    try:
        candidates.append(Path(str(resources.files("spinemet").joinpath("examples", name))))
    except (ModuleNotFoundError, TypeError):
        pass
    candidates.append(Path(__file__).resolve().parents[3] / "examples" / name)
    candidates.append(Path.cwd() / "examples" / name)
    for path in candidates:
        if path.is_file():
            return path
    raise NotFound(f"the example case file '{name}' is not installed (looked in: "
                   f"{', '.join(str(c) for c in candidates)})")


def story_case() -> Case:
    """The bundled story case (package data, so it is found when installed, not only in a checkout)."""
    text = resources.files("spinemet.data").joinpath(STORY_FILE).read_text(encoding="utf-8")
    return parse_case(parse_text(text, STORY_FILE), source=STORY_FILE)


@dataclass(frozen=True)
class Replay:
    """A case replayed day by day: its course (analysed once) and its assessment on each day with an event."""

    case: Case
    course: CourseAnalysis
    assessments: tuple[Assessment, ...]

    @property
    def days(self) -> tuple[int, ...]:
        return tuple(a.day for a in self.assessments)


def replay(case: Case) -> Replay:
    """Every dated moment of the case assessed once, all sharing one course analysis."""
    course = offline.course(case)
    days = sorted({d for d, _ in case.ordered_events()})
    return Replay(case, course, tuple(offline.assess(case, day, course=course) for day in days))


def snapshot_lines(snap: Snapshot) -> list[str]:
    """The state of the case in a few lines: each level's epidural grade, the neurology, treatments so far."""
    lines = []
    for level in snap.levels:
        f = snap.finding(level)
        if f is not None:
            extra = " (tumour resolved)" if f.tumour_resolved else ""
            lines.append(f"{level}: {escc_words(escc_range(f))}{extra}")
    if snap.neuro:
        n = snap.neuro.value
        bits = [f"exam day {snap.neuro.day}"]
        if n.motor_deficit is not None:
            bits.append("motor deficit" if n.motor_deficit else "no motor deficit")
        if n.mrc:
            bits.append("MRC " + ", ".join(f"{k.replace('_', ' ')} {v}" for k, v in n.mrc.items()))
        if n.ambulatory:
            bits.append(n.ambulatory.value.replace("_", " "))
        if n.frankel:
            bits.append(f"Frankel {n.frankel.value}")
        lines.append("neurology: " + ", ".join(bits))
    treated = [f"day {t.day} {t.value.type}" for t in snap.treatments]
    lines.append("treatments so far: " + (", ".join(treated) if treated else "none"))
    return lines


def outcome(case: Case, analysis: CourseAnalysis) -> dict[str, Any]:
    """Where the story ends: neurology at final follow-up against the last urgent alert (or the
    start), the final SCORAD grade, local control and response at each treated level."""
    worst = [a.day for a in analysis.alerts if a.severity is Severity.URGENT]
    ref_day = worst[-1] if worst else analysis.first_day
    change = neuro_change(case, ref_day, analysis.last_day)
    final = analysis.neuro_on_or_before(analysis.last_day)
    return {
        "reference_day": ref_day,
        "final_day": analysis.last_day,
        "neuro_change": change.as_dict() if change else None,
        "final_scorad": list(final.scorad) if final else [],
        "local": [la.as_dict() for la in analysis.local],
        "responses": [r.as_dict() for r in analysis.responses],
    }
