"""Counts over the development set's ledgers: what the case format holds, loses or cannot hold.

Run: ``python tests/cases/published/ledger_report.py`` (from the repository root, with the
package installed). Prints the number of cases and facts, how many facts are entered without
loss, entered with a stated loss, or not representable, the values the format forced (invented
because it demands them), and the reasons grouped by theme.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from cases.published._dataset import forced_values, ledger_entries, published_cases

#: themes of loss, matched in order against a reason's text (first match wins)
THEMES: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "compartment (intradural, intramedullary, leptomeningeal, cauda equina)",
        ("compartment", "intramedullary", "intradural", "cauda equina", "cord signal", "leptomeningeal"),
    ),
    (
        "recurrence, local failure or response as a finding",
        ("recurrence", "relapse", "local failure", "progression", "response"),
    ),
    (
        "operation of unstated type, extent or approach",
        (
            "procedure key",
            "unstated type",
            "no procedure",
            "approach",
            "extent",
            "augmentation",
            "laminectomy",
            "excision",
            "biopsy",
        ),
    ),
    (
        "region, span or count without levels or numbers",
        (
            "region",
            "no level",
            "needs a level",
            "span",
            "count",
            "levels not stated",
            "level is not stated",
            "disseminated",
            "extensive",
        ),
    ),
    (
        "time as a range, interval or order only",
        (
            "range",
            "converted",
            "order only",
            "interval",
            "upper bound",
            "lower bound",
            "duration",
            "onset",
            "rapidly progressive",
        ),
    ),
    (
        "treatment with no event (primary resection, ablation, radioiodine, palliative care, embolisation)",
        (
            "resection of the primary",
            "primary (",
            "ablation",
            "radioiodine",
            "palliative care",
            "embolisation",
            "transplant",
            "blockade",
            "treatment of the primary",
            "thyroid operation",
            "nephrectomy",
        ),
    ),
    (
        "complication (not an event, not linked)",
        ("complication", "hardware", "cement", "skin defect", "dural"),
    ),
    (
        "outcome in words",
        (
            "improved",
            "improvement",
            "recovery",
            "reduced",
            "resolution",
            "outcome",
            "did well",
            "no recurrence",
        ),
    ),
    (
        "primary: uncertain, second, subtype or origin",
        (
            "uncertain",
            "suspected",
            "second",
            "primary-site key",
            "no primary-site",
            "differential",
            "subtype",
            "known cancer",
            "origin",
            "pathology confirming",
            "in the neck",
        ),
    ),
    (
        "partial knowledge and deficits or walking in words",
        (
            "character unknown",
            "collapse",
            "in words",
            "unstated kind",
            "frankel",
            "walking",
            "wheelchair",
            "side",
            "limbs",
            "claudication",
            "sensory",
            "foot drop",
            "intact",
            "independent",
            "middle-aged",
            "radicular",
        ),
    ),
    ("treatment detail (dose, class, courses)", ("dose", "drug class", "unspecified", "courses")),
    ("non-spinal finding or event", ("parapharyngeal", "intracranial", "non-spinal", "benign")),
    ("tumour markers", ("psa", "marker")),
)


def theme_of(reason: str) -> str:
    text = reason.lower()
    for theme, words in THEMES:
        if any(word in text for word in words):
            return theme
    return "other"


def main() -> int:
    cases = published_cases()
    totals: Counter[str] = Counter()
    not_representable: Counter[str] = Counter()
    lost: Counter[str] = Counter()
    forced: Counter[str] = Counter()
    for case in cases:
        for entry in ledger_entries(case).values():
            totals["facts"] += 1
            if "not_representable" in entry:
                totals["not_representable"] += 1
                not_representable[theme_of(entry["not_representable"])] += 1
            elif "lost" in entry:
                totals["entered_with_loss"] += 1
                lost[theme_of(entry["lost"])] += 1
            else:
                totals["entered_without_loss"] += 1
            if "reading" in entry:
                totals["entered_with_a_reading"] += 1
        for item in forced_values(case):
            totals["forced_values"] += 1
            forced[item["path"].rsplit(".", 1)[-1]] += 1
    print(f"cases: {len(cases)}")
    for key in (
        "facts",
        "entered_without_loss",
        "entered_with_loss",
        "entered_with_a_reading",
        "not_representable",
        "forced_values",
    ):
        print(f"{key}: {totals[key]}")
    print("\nnot representable, by theme:")
    for theme, count in not_representable.most_common():
        print(f"  {count:3d}  {theme}")
    print("\nentered with loss, by theme:")
    for theme, count in lost.most_common():
        print(f"  {count:3d}  {theme}")
    print("\nforced by the format (invented because required), by field:")
    for field, count in forced.most_common():
        print(f"  {count:3d}  {field}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
