"""The registry dictionary: every column a registry of spinal metastases may carry, as data.

Each column has a type, a unit, its allowed values and the place in the case vocabulary it fills
(``case_field``): a registry row is a case at its index day (day 0 = the day survival is counted
from, e.g. the day of presentation or treatment). A column that is absent or empty is *unknown*:
nothing is filled in, and every score reports the range of totals and the bands still possible,
exactly as for one case.

``ITEM_FACTS`` says which columns each instrument item is read from (its readers read those facts of
the case); :mod:`spinemet.cohort.compile` uses it to evaluate each item's reader once per distinct
combination of those facts, and the property test (scoring a table equals scoring each row as one
case) checks it against the readers.

Numeric columns are read in *classes*: intervals between the thresholds the declarations themselves
use (e.g. albumin 3.5 g/dL for NESMS, Ghori 2015; 3.7 g/dL for the new Katagiri score, Katagiri 2014),
so that a reader is run once per class rather than once per value. Counts are read up to 4, the
count every bin of every instrument reaches ("3 or more"; :mod:`spinemet.instruments.reading`).
A test runs the readers over a fine grid of values and checks every value of a class reads alike.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from spinemet.anatomy import Level
from spinemet.case.vocab_disease import Walking
from spinemet.instruments.declarations.katagiri import ABNORMAL, CRITICAL
from spinemet.instruments.declarations.rades import DAYS_PER_MONTH
from spinemet.instruments.sites import PRIMARY_SITES

CODE = "code"
YES_NO = "yes_no"
INTEGER = "integer"
NUMBER = "number"

#: Counts are read up to this value (every count bin of every instrument ends by "3 or more").
COUNT_TOP = 4

#: Primary tumours of the central nervous system (their spinal disease is not a metastasis).
CNS_SITES = ("ependymoma", "glioma", "meningioma")

#: The instruments a cohort is scored with: the prognostic scores of survival.
COHORT_INSTRUMENTS = ("tokuhashi_revised", "tokuhashi_1990", "tomita", "bauer", "bauer_modified",
                      "katagiri_new", "nesms", "rades_survival", "van_der_linden")


@dataclass(frozen=True)
class RegistryColumn:
    """One registry column: its name, type, unit, allowed values and its place in the case."""

    name: str
    kind: str
    label: str
    case_field: str
    meaning: str = ""
    unit: str = ""
    codes: tuple[str, ...] = ()
    low: float | None = None
    high: float | None = None
    step: int | None = None
    #: thresholds the declarations use on this column (classes are the intervals between them)
    cuts: tuple[float, ...] = ()
    cuts_source: str = ""
    #: counts: values from ``cap`` up read alike
    cap: int | None = None

    @property
    def allowed(self) -> str:
        """The allowed values in words (for messages and the printed dictionary)."""
        if self.kind == CODE:
            return ", ".join(self.codes)
        if self.kind == YES_NO:
            return "yes, no (also true/false, 1/0, y/n)"
        top = "" if self.high is None else f"{self.high:g}"
        step = f" in steps of {self.step}" if self.step else ""
        whole = "whole numbers " if self.kind == INTEGER else "numbers "
        return f"{whole}{self.low:g} to {top or 'any'}{step}".replace(" to any", " or more")

    def classes(self) -> int:
        """How many reading classes the column has (class 0 = not stated)."""
        if self.codes:
            return len(self.codes) + 1
        if self.kind == YES_NO:
            return 3
        if self.cap is not None:
            return int(self.cap - (self.low or 0)) + 2
        return len(self.cuts) + 2

    def representative(self, cls: int) -> object:
        """A value of class ``cls`` (>= 1) that the readers read as every value of the class."""
        if self.codes:
            code = self.codes[cls - 1]
            return int(code) if self.kind == INTEGER else code
        if self.kind == YES_NO:
            return cls == 1
        low = self.low or 0
        if self.cap is not None:
            return int(low) + cls - 1
        bounds = (low, *self.cuts)
        return int(bounds[cls - 1]) if self.kind == INTEGER else bounds[cls - 1]


def _lab(name: str, unit: str, label: str) -> RegistryColumn:
    table = ABNORMAL if name in ABNORMAL else CRITICAL
    cuts = sorted({table[name][1], *((3.5,) if name == "albumin" else ())})
    source = "Katagiri 2014 laboratory cut-off" + ("; NESMS albumin >= 3.5 g/dL (Ghori 2015)" if name == "albumin"
                                                   else "")
    return RegistryColumn(name, NUMBER, label, f"labs: {name} (value in {unit})", unit=unit, low=0.0,
                          cuts=tuple(cuts), cuts_source=source)


_RADES_15_MONTHS = math.floor(15 * DAYS_PER_MONTH) + 1  # > 15 months (Rades 2008) in whole days

COLUMNS: tuple[RegistryColumn, ...] = (
    RegistryColumn("primary_site", CODE, "Primary site of the cancer", "primary.site",
                   "A primary-site key of the case vocabulary (vocabulary.md). Empty: not recorded -- every "
                   "site of a metastasising cancer stays possible (CNS primaries are not metastases).",
                   codes=PRIMARY_SITES),
    RegistryColumn("hormone_dependent", YES_NO, "Hormone-dependent breast or prostate cancer",
                   "primary.hormone_dependent"),
    RegistryColumn("targeted_therapy", YES_NO, "Lung cancer treated with a molecularly targeted drug",
                   "primary.targeted_therapy"),
    RegistryColumn("kps", INTEGER, "Karnofsky performance status", "performance.kps", unit="%", low=0, high=100,
                   step=10, codes=tuple(str(v) for v in range(0, 101, 10))),
    RegistryColumn("ecog", INTEGER, "ECOG performance status", "performance.ecog", low=0, high=5,
                   codes=tuple(str(v) for v in range(6))),
    RegistryColumn("frankel", CODE, "Frankel grade", "neuro_exam.frankel", codes=("A", "B", "C", "D", "E")),
    RegistryColumn("ambulatory", CODE, "Walking", "neuro_exam.walking",
                   "independent, with an aid, ambulatory without detail, limited, or not walking.",
                   codes=tuple(w.value for w in Walking)),
    RegistryColumn("extraspinal_bone_mets", INTEGER, "Number of extraspinal bone metastases",
                   "disease_burden.extraspinal_bone_mets", unit="foci", low=0, cap=COUNT_TOP),
    RegistryColumn("vertebral_mets", INTEGER, "Number of vertebrae with metastases",
                   "disease_burden.vertebral_mets", unit="vertebrae", low=1, cap=COUNT_TOP),
    RegistryColumn("visceral_mets", YES_NO, "Visceral (organ) metastases present",
                   "disease_burden.visceral_mets_present", "Organs, not brain (see brain_mets)."),
    RegistryColumn("visceral_removable", YES_NO, "Visceral metastases surgically removable (Tokuhashi)",
                   "disease_burden.visceral[].removable", "Stated for visceral metastases that are present."),
    RegistryColumn("visceral_treatable", YES_NO, "Visceral metastases treatable (Tomita)",
                   "disease_burden.visceral[].treatable", "Stated for visceral metastases that are present."),
    RegistryColumn("brain_mets", YES_NO, "Brain metastases present", "disease_burden.brain_mets"),
    RegistryColumn("pleural_or_peritoneal_dissemination", YES_NO, "Pleural or peritoneal dissemination",
                   "disease_burden.pleural_or_peritoneal_dissemination"),
    RegistryColumn("leptomeningeal_dissemination", YES_NO, "Leptomeningeal dissemination",
                   "disease_burden.leptomeningeal_dissemination"),
    _lab("albumin", "g/dL", "Serum albumin"),
    _lab("crp", "mg/dL", "C-reactive protein"),
    _lab("ldh", "U/L", "Lactate dehydrogenase"),
    _lab("platelets", "10^9/L", "Platelet count"),
    _lab("calcium", "mg/dL", "Serum calcium"),
    _lab("bilirubin", "mg/dL", "Total bilirubin"),
    RegistryColumn("previous_chemotherapy", YES_NO, "Chemotherapy given before the index day",
                   "systemic_therapy (drug_class chemotherapy) before day 0",
                   "'no' is read as not stated: the case vocabulary records therapies given, not their absence, "
                   "so the new Katagiri item stays open."),
    RegistryColumn("pathological_fracture", YES_NO, "Pathological fracture of the index vertebra",
                   "imaging finding at index_level: pathological_fracture",
                   "Read only with index_level (a finding belongs to a level)."),
    RegistryColumn("mscc", YES_NO, "Compression of the spinal cord, conus or cauda equina on imaging (MSCC)",
                   "imaging finding at index_level: cord_compression (down to T12) or cauda_equina_compression",
                   "Read only with index_level. The Rades survival score applies only with 'yes': it was derived "
                   "in patients irradiated for MSCC (Rades 2008); 'no' or empty (not recorded) leaves it not "
                   "applicable, with the reason."),
    RegistryColumn("index_level", CODE, "Level of the treated (index) spinal metastasis", "imaging finding level",
                   "C1 to S5 (the coccyx is outside the spinal scores).",
                   codes=tuple(lvl.name for lvl in Level if lvl is not Level.Co)),
    RegistryColumn("days_since_diagnosis", INTEGER,
                   "Days from diagnosis of the primary to the index day (the spinal metastasis)",
                   "primary.diagnosis_day (negative)", "Read only with index_level (Rades: interval to MSCC).",
                   unit="days", low=0, cuts=(_RADES_15_MONTHS,), cuts_source="Rades 2008: > 15 months"),
    RegistryColumn("motor_deficit_days", INTEGER,
                   "Days from onset of the motor deficit to the start of radiotherapy",
                   "neuro_exam.motor_deficit_onset_day and a radiotherapy on day 0", unit="days", low=0,
                   cuts=(1, 8, 15), cuts_source="Rades 2008: 1-7, 8-14, > 14 days"),
)

BY_NAME: dict[str, RegistryColumn] = {c.name: c for c in COLUMNS}

_SITE = ("primary_site",)
_PS = ("kps", "ecog")
_COUNTS = ("extraspinal_bone_mets", "vertebral_mets")
_VISCERAL = ("visceral_mets", "visceral_removable", "visceral_treatable")
_VISCERAL_BRAIN = (*_VISCERAL, "brain_mets")
_LABS = ("albumin", "crp", "ldh", "platelets", "calcium", "bilirubin")

_TOKUHASHI = {"general_condition": _PS, "extraspinal_bone_mets": ("extraspinal_bone_mets",),
              "vertebral_body_mets": ("vertebral_mets",), "visceral_mets": _VISCERAL_BRAIN,
              "primary_site": _SITE, "palsy": ("frankel",)}
_BAUER_MODIFIED = {"not_lung_cancer": _SITE, "favourable_primary": _SITE, "no_visceral_mets": _VISCERAL_BRAIN,
                   "solitary_skeletal_met": _COUNTS}

#: instrument -> item -> the registry columns its reader reads the item from.
ITEM_FACTS: dict[str, dict[str, tuple[str, ...]]] = {
    "tokuhashi_revised": _TOKUHASHI,
    "tokuhashi_1990": _TOKUHASHI,
    "tomita": {"primary_growth": _SITE, "visceral_mets": _VISCERAL, "bone_mets": _COUNTS},
    "bauer_modified": _BAUER_MODIFIED,
    "bauer": {**_BAUER_MODIFIED, "no_pathological_fracture": ("pathological_fracture", "index_level")},
    "katagiri_new": {"primary_growth": (*_SITE, "hormone_dependent", "targeted_therapy"),
                     "visceral_mets": (*_VISCERAL_BRAIN, "pleural_or_peritoneal_dissemination",
                                       "leptomeningeal_dissemination"),
                     "laboratory": _LABS, "ecog_3_or_4": _PS, "previous_chemotherapy": ("previous_chemotherapy",),
                     "multiple_skeletal_mets": _COUNTS},
    "nesms": {"bauer_modified_3_or_more": (*_SITE, *_VISCERAL_BRAIN, *_COUNTS), "ambulatory": ("ambulatory",),
              "albumin_normal": ("albumin",)},
    "rades_survival": {"tumour_type": _SITE, "other_bone_mets": _COUNTS, "visceral_mets": _VISCERAL,
                       "interval_to_mscc": ("days_since_diagnosis", "index_level"), "ambulatory": ("ambulatory",),
                       "motor_deficit_time": ("motor_deficit_days",)},
    "van_der_linden": {"kps": _PS, "primary": _SITE, "visceral_mets": _VISCERAL},
}

#: Where an instrument applies is read from these columns (a CNS primary is not a metastasis).
APPLICABILITY_FACTS = ("primary_site",)

#: ... and, for an instrument derived in a narrower cohort, from these: the Van der Linden score does
#: not apply with a neurological impairment stated (van der Linden 2005: patients without one); the Rades
#: score only with compression recorded (Rades 2008: patients irradiated for MSCC).
APPLIES_FACTS: dict[str, tuple[str, ...]] = {
    "van_der_linden": (*APPLICABILITY_FACTS, "frankel", "ambulatory", "motor_deficit_days"),
    # Rades 2008 was derived in patients irradiated for MSCC: it applies once compression is recorded.
    "rades_survival": (*APPLICABILITY_FACTS, "index_level", "mscc"),
}


def applies_facts(instrument: str) -> tuple[str, ...]:
    """The registry columns where ``instrument`` applies is read from."""
    return APPLIES_FACTS.get(instrument, APPLICABILITY_FACTS)


def feeds(column: str) -> tuple[str, ...]:
    """The instruments a column feeds (for the printed dictionary)."""
    return tuple(k for k, items in ITEM_FACTS.items() if any(column in cols for cols in items.values()))


def dictionary_rows() -> list[dict[str, str]]:
    """The dictionary as rows (``spinemet cohort dictionary``)."""
    return [{"column": c.name, "label": c.label, "type": c.kind, "unit": c.unit, "allowed": c.allowed,
             "case_field": c.case_field, "instruments": " ".join(feeds(c.name)), "meaning": c.meaning,
             "classes": (f"read in classes split at {', '.join(f'{x:g}' for x in c.cuts)} ({c.cuts_source})"
                         if c.cuts else "")}
            for c in COLUMNS]


def redcap_rows() -> list[dict[str, str]]:
    """The dictionary as a REDCap data dictionary (import it to build a registry form)."""
    rows = []
    for c in COLUMNS:
        choices = ""
        field_type, validation, vmin, vmax = "text", "", "", ""
        if c.kind == CODE and c.name not in ("kps", "ecog"):
            field_type = "dropdown"
            choices = " | ".join(f"{code}, {code}" for code in c.codes)
        elif c.kind == YES_NO:
            field_type = "yesno"
        elif c.kind == INTEGER:
            validation = "integer"
        else:
            validation = "number"
        if c.kind in (INTEGER, NUMBER):
            vmin = "" if c.low is None else f"{c.low:g}"
            vmax = "" if c.high is None else f"{c.high:g}"
        rows.append({
            "Variable / Field Name": c.name, "Form Name": "spinemet_registry", "Section Header": "",
            "Field Type": field_type, "Field Label": c.label + (f" ({c.unit})" if c.unit else ""),
            "Choices, Calculations, OR Slider Labels": choices, "Field Note": f"case: {c.case_field}. {c.meaning}".strip(),
            "Text Validation Type OR Show Slider Number": validation, "Text Validation Min": vmin,
            "Text Validation Max": vmax, "Identifier?": "", "Branching Logic (Show field only if...)": "",
            "Required Field?": "", "Custom Alignment": "", "Question Number (surveys only)": "",
            "Matrix Group Name": "", "Matrix Ranking?": "", "Field Annotation": f"@SPINEMET {c.name}",
        })
    return rows
