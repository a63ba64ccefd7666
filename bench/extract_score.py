"""Score the extractor on the development corpus: precision and recall per field family.

    python bench/extract_score.py            # the table
    python bench/extract_score.py --verbose  # and every missed / extra fact per text
    python bench/extract_score.py --json     # the figures as JSON

Corpus (tests/extract/corpus/):
- ``published/NAME.txt``: our own narrative of a published case; the expected case is the case file
  entered earlier from the same facts, tests/cases/published/NAME/case.yaml (written before the
  extractor, never from its output).
- ``synthetic/NAME.txt`` with ``NAME.yaml``: clinic letters, imaging and operation reports written for
  this corpus; the YAML holds ``case`` (the expected case file, written from the text) and ``absent``.
- ``absent`` (synthetic YAML, and published/absent.yaml by name): facts the text states as negated,
  hypothetical, doubted or of another person; extracting any of them as present is counted.

Both sides are reduced to the same facts (:func:`facts_of`): families ``levels``, ``primary``,
``histology``, ``imaging``, ``neurology``, ``treatments``, ``intervals`` (relative times with their
anchor's type, calendar dates and date ranges, the index date), ``outcomes``. Free text
(notes, summaries, histology words) is not scored. An extracted fact not among the expected ones is a
false positive (precision counts every one). A false positive is **invented** (a value the text does
not state) unless ``published/readings.yaml`` lists it with the words of the narrative that state it:
a fact the published case file, entered before the extractor, records in other words, from another
anchor, or leaves out. Those are counted apart ("stated, recorded otherwise"); the scorer checks that
each entry's words are in its text and that each entry matches an extracted fact (a stale entry is an
error, so the list cannot hide a change of the extractor).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "tests" / "extract" / "corpus"
PUBLISHED_CASES = ROOT / "tests" / "cases" / "published"
FAMILIES = ("levels", "primary", "histology", "imaging", "neurology", "treatments", "intervals", "outcomes")

_IMAGING_ATTRS = ("collapse_present", "collapse_percent", "pathological_fracture", "lesion_type", "alignment",
                  "posterolateral", "posterior_elements_involved", "epidural_present", "escc", "cord_compression",
                  "conus_compression", "cauda_equina_compression", "nerve_root_compression", "tumour_resolved",
                  "certainty", "new_lesion")
_NEURO_ATTRS = ("frankel", "asia", "walking", "sphincter", "cauda_equina_syndrome", "conus_syndrome",
                "motor_deficit", "new_deficit", "sensory_level", "deficit_side")
_TREATMENTS = ("surgery", "radiotherapy", "chemoradiotherapy", "systemic_therapy", "embolisation", "ablation",
               "cement_augmentation", "primary_resection", "corticosteroids")
_TREAT_ATTRS = ("levels", "fixation_span", "approach", "extent", "dose_gy", "fractions", "cumulative_dose_gy",
                "technique", "drug_class", "procedure", "method", "purpose")


def _place(f: dict[str, Any]) -> str:
    if f.get("level"):
        return str(f["level"])
    if f.get("span"):
        return str(f["span"])
    if f.get("region"):
        return f"region:{f['region']}"
    return "diffuse" if f.get("diffuse") else "unstated"


def facts_of(case: dict[str, Any]) -> dict[str, Counter[tuple[Any, ...]]]:
    """The scored facts of a case file (as data), per family."""
    out: dict[str, Counter[tuple[Any, ...]]] = {f: Counter() for f in FAMILIES}
    primary = case.get("primary") or {}
    out["primary"][("site", primary.get("site", "unknown"))] += 1
    ne = primary.get("neuroendocrine")
    if ne is not None:
        out["histology"][("neuroendocrine",)] += 1
        for k in ("classification", "differentiation", "ki67_percent"):
            if ne.get(k) is not None:
                out["histology"][(k, ne[k])] += 1
    levels: set[str] = set()
    by_id = {e.get("id"): e for e in case.get("timeline", []) if e.get("id")}
    for e in case.get("timeline", []):
        t = e.get("type")
        if t == "imaging":
            for f in e.get("findings", []):
                place = _place(f)
                if f.get("level") or f.get("span"):
                    levels.add(place)
                for k in _IMAGING_ATTRS:
                    if f.get(k) is not None:
                        out["imaging"][(place, k, f[k])] += 1
                for c in f.get("compartments") or ():
                    out["imaging"][(place, "compartment", c)] += 1
        elif t == "neuro_exam":
            for k in _NEURO_ATTRS:
                if e.get(k) is not None:
                    out["neurology"][(k, e[k])] += 1
            for d in e.get("deficits") or ():
                out["neurology"][("deficit", d)] += 1
            for p in e.get("power") or ():
                out["neurology"][("power", p.get("muscle"), p.get("side"), p.get("grade"))] += 1
        elif t == "performance":
            for k in ("kps", "ecog"):
                if e.get(k) is not None:
                    out["neurology"][(k, e[k])] += 1
        elif t in _TREATMENTS:
            out["treatments"][(t,)] += 1
            for p in e.get("procedures") or ():
                out["treatments"][(t, "procedure", p)] += 1
            for k in _TREAT_ATTRS:
                if e.get(k) is not None:
                    out["treatments"][(t, k, e[k])] += 1
            for sp in e.get("spans") or ():
                out["treatments"][(t, "levels", sp)] += 1
            for k in ("levels", "fixation_span"):
                if e.get(k):
                    levels.add(str(e[k]))
            for sp in e.get("spans") or ():
                levels.add(str(sp))
        elif t == "outcome":
            if e.get("local_recurrence") is not None:
                out["outcomes"][("local_recurrence", e["local_recurrence"])] += 1
            if e.get("change") is not None:
                out["outcomes"][("change", e.get("aspect"), e["change"])] += 1
        elif t == "complication":
            out["outcomes"][("complication", e.get("kind"))] += 1
        elif t == "death":
            out["outcomes"][("death",)] += 1
        elif t == "last_contact":
            out["outcomes"][("last_contact", e.get("alive", True))] += 1
        if e.get("date") is not None:
            out["intervals"][(t, "date", str(e["date"]))] += 1
        if e.get("date_range"):
            out["intervals"][(t, "date_range", str(e["date_range"].get("earliest")),
                              str(e["date_range"].get("latest")))] += 1
        for direction in ("after", "before"):
            rel = e.get(direction)
            if rel and (rel.get("at_least") or rel.get("at_most") is not None):
                anchor = by_id.get(rel.get("event"), {}).get("type")
                out["intervals"][(t, direction, anchor, rel.get("at_least", 0), rel.get("at_most"),
                                  rel.get("unit", "days"))] += 1
    for lv in levels:
        out["levels"][(lv,)] += 1
    if case.get("index_date") is not None:
        out["intervals"][("index_date", str(case["index_date"]))] += 1
    return out


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p and r else (0.0 if p is not None and r is not None else None)


@dataclass
class Report:
    families: dict[str, Tally] = field(default_factory=lambda: {f: Tally() for f in FAMILIES})
    primary_correct: int = 0
    texts: int = 0
    negated_present: list[str] = field(default_factory=list)
    details: list[str] = field(default_factory=list)
    #: false positives the narrative states (published/readings.yaml), and the invented ones
    stated_otherwise: list[str] = field(default_factory=list)
    invented_facts: list[str] = field(default_factory=list)
    stale_readings: list[str] = field(default_factory=list)

    @property
    def false_positives(self) -> int:
        return sum(t.fp for t in self.families.values())

    @property
    def invented(self) -> int:
        return len(self.invented_facts)


def readings() -> dict[str, list[dict[str, Any]]]:
    """published/readings.yaml: per narrative, the stated facts its case file records otherwise."""
    path = CORPUS / "published" / "readings.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8")) if path.exists() else None
    return data or {}


def corpus_items() -> list[tuple[str, str, dict[str, Any], list[list[Any]]]]:
    """(name, text, expected case data, absent facts) of every corpus text."""
    items: list[tuple[str, str, dict[str, Any], list[list[Any]]]] = []
    absent_published = yaml.safe_load((CORPUS / "published" / "absent.yaml").read_text(encoding="utf-8")) or {}
    for txt in sorted((CORPUS / "published").glob("*.txt")):
        expected = yaml.safe_load((PUBLISHED_CASES / txt.stem / "case.yaml").read_text(encoding="utf-8"))
        items.append((f"published/{txt.stem}", txt.read_text(encoding="utf-8"), expected,
                      absent_published.get(txt.stem, [])))
    for txt in sorted((CORPUS / "synthetic").glob("*.txt")):
        spec = yaml.safe_load(txt.with_suffix(".yaml").read_text(encoding="utf-8"))
        items.append((f"synthetic/{txt.stem}", txt.read_text(encoding="utf-8"), spec["case"], spec.get("absent") or []))
    return items


def _matches_absent(fact: tuple[Any, ...], family: str, pattern: list[Any]) -> bool:
    if pattern[0] != family or len(pattern) - 1 != len(fact):
        return False
    return all(p == "*" or p == f for p, f in zip(pattern[1:], fact, strict=True))


def score(only: str | None = None) -> Report:
    from spinemet.case import case_to_data
    from spinemet.extract import extract

    report = Report()
    stated = readings()
    for name, text, expected, absent in corpus_items():
        if only and not name.startswith(only):
            continue
        report.texts += 1
        entries = stated.get(name.removeprefix("published/"), []) if name.startswith("published/") else []
        for e in entries:
            if e["words"] not in text:
                raise SystemExit(f"readings.yaml: {name}: the words {e['words']!r} are not in the text")
        unused = list(entries)
        got = facts_of(case_to_data(extract(text).case))
        want = facts_of(json.loads(json.dumps(expected, default=str)))
        for fam in FAMILIES:
            tp = sum((got[fam] & want[fam]).values())
            fp = sum((got[fam] - want[fam]).values())
            fn = sum((want[fam] - got[fam]).values())
            if fam == "primary":
                report.primary_correct += tp
            t = report.families[fam]
            t.tp, t.fp, t.fn = t.tp + tp, t.fp + fp, t.fn + fn
            for fact, n in (got[fam] - want[fam]).items():
                report.details.append(f"{name}: extra {fam} {fact}")
                for _ in range(n):
                    entry = next((e for e in unused if _matches_absent(fact, fam, list(e["fact"]))), None)
                    if entry is not None:
                        unused.remove(entry)
                        report.stated_otherwise.append(f"{name}: {fam} {fact} <- {entry['words']!r}")
                    else:
                        report.invented_facts.append(f"{name}: {fam} {fact}")
            for fact in (want[fam] - got[fam]):
                report.details.append(f"{name}: missed {fam} {fact}")
            for fact in got[fam]:
                for pattern in absent:
                    if _matches_absent(fact, fam, pattern):
                        report.negated_present.append(f"{name}: {fam} {fact}")
        for e in unused:
            report.stale_readings.append(f"{name}: {e['fact']} ({e['words']!r}) matches no extracted false positive")
    return report


def _fmt(x: float | None) -> str:
    return "  -  " if x is None else f"{x:.3f}"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    ap.add_argument("--verbose", action="store_true")
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--only", help="published or synthetic")
    args = ap.parse_args(argv)
    report = score(args.only)
    figures = {
        "texts": report.texts,
        "primary_correct": f"{report.primary_correct}/{report.texts}",
        "false_positives": report.false_positives,
        "invented": report.invented,
        "stated_recorded_otherwise": len(report.stated_otherwise),
        "stale_readings": report.stale_readings,
        "negated_or_hypothetical_extracted_as_present": len(report.negated_present),
        "families": {f: {"tp": t.tp, "fp": t.fp, "fn": t.fn, "precision": t.precision, "recall": t.recall,
                         "f1": t.f1} for f, t in report.families.items()},
    }
    if args.json:
        json.dump(figures, sys.stdout, indent=2)
        sys.stdout.write("\n")
        return 0
    print(f"{report.texts} texts; primary site correct {report.primary_correct}/{report.texts}")
    print(f"{'family':<12} {'P':>6} {'R':>6} {'F1':>6}   tp   fp   fn")
    for f, t in report.families.items():
        print(f"{f:<12} {_fmt(t.precision):>6} {_fmt(t.recall):>6} {_fmt(t.f1):>6} {t.tp:>4} {t.fp:>4} {t.fn:>4}")
    print(f"false positives, all families: {report.false_positives}; of them stated by the text and recorded "
          f"otherwise by the case file (published/readings.yaml): {len(report.stated_otherwise)}")
    print(f"invented values (false positives the text does not state): {report.invented}")
    for line in report.invented_facts:
        print(f"  ? {line}")
    for line in report.stale_readings:
        print(f"  stale reading: {line}")
    print(f"negated / hypothetical / doubted / family facts extracted as present: {len(report.negated_present)}")
    for line in report.negated_present:
        print(f"  ! {line}")
    if args.verbose:
        for line in report.stated_otherwise:
            print(f"  stated: {line}")
        for line in report.details:
            print(f"  {line}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
