"""Laboratory units and their conversion to one canonical unit per analyte.

Instruments state thresholds in conventional (US) units; laboratories report in SI or
conventional units. Every value is converted to the canonical unit below before an
instrument reads it, and the original value and unit are kept.

Conversion factors are standard chemistry (molar masses): albumin and haemoglobin g/L ÷ 10;
CRP mg/L ÷ 10; calcium mmol/L × 4.008 (40.08 g/mol); bilirubin µmol/L ÷ 17.1 (584.7 g/mol);
haemoglobin mmol/L (monomer) × 1.611; platelets per µL ÷ 1000 → 10⁹/L; LDH µkat/L × 60 → U/L.

Tumour markers (case-file version 2): mass concentrations only need the identity
ng/mL = µg/L and pg/mL = ng/L; urinary 5-HIAA µmol/24 h × 0.19118 → mg/24 h (5-hydroxyindole-
acetic acid, C10H9NO3, 191.18 g/mol). No enzyme-immunoassay conversion between assays is made:
a marker is compared only with values of the same unit family. Each entry's provenance is in
:data:`PROVENANCE`.
"""

from __future__ import annotations

from spinemet.case.vocab import Analyte

#: analyte -> (canonical unit, {accepted unit spelling: factor to canonical})
UNITS: dict[Analyte, tuple[str, dict[str, float]]] = {
    Analyte.ALBUMIN: ("g/dL", {"g/dl": 1.0, "g/l": 0.1}),
    Analyte.CRP: ("mg/dL", {"mg/dl": 1.0, "mg/l": 0.1}),
    Analyte.LDH: ("U/L", {"u/l": 1.0, "iu/l": 1.0, "µkat/l": 60.0, "ukat/l": 60.0}),
    Analyte.PLATELETS: (
        "10^9/L",
        {"10^9/l": 1.0, "x10^9/l": 1.0, "10^3/µl": 1.0, "10^3/ul": 1.0, "/µl": 0.001, "/ul": 0.001},
    ),
    Analyte.CALCIUM: ("mg/dL", {"mg/dl": 1.0, "mmol/l": 4.008}),
    Analyte.BILIRUBIN: ("mg/dL", {"mg/dl": 1.0, "µmol/l": 1 / 17.1, "umol/l": 1 / 17.1}),
    Analyte.HAEMOGLOBIN: ("g/dL", {"g/dl": 1.0, "g/l": 0.1, "mmol/l": 1.611}),
    Analyte.CHROMOGRANIN_A: ("ng/mL", {"ng/ml": 1.0, "µg/l": 1.0, "ug/l": 1.0}),
    Analyte.PSA: ("ng/mL", {"ng/ml": 1.0, "µg/l": 1.0, "ug/l": 1.0}),
    Analyte.THYROGLOBULIN: ("ng/mL", {"ng/ml": 1.0, "µg/l": 1.0, "ug/l": 1.0}),
    Analyte.NSE: ("ng/mL", {"ng/ml": 1.0, "µg/l": 1.0, "ug/l": 1.0}),
    Analyte.URINE_5_HIAA: (
        "mg/24h", {"mg/24h": 1.0, "mg/d": 1.0, "mg/day": 1.0, "µmol/24h": 0.19118, "umol/24h": 0.19118,
                   "µmol/d": 0.19118, "umol/d": 0.19118},
    ),
    Analyte.CALCITONIN: ("pg/mL", {"pg/ml": 1.0, "ng/l": 1.0}),
    Analyte.CEA: ("ng/mL", {"ng/ml": 1.0, "µg/l": 1.0, "ug/l": 1.0}),
}

_SI_PREFIX = "unit identity by SI prefixes (1 ng/mL = 1 µg/L; 1 pg/mL = 1 ng/L)"
#: where each analyte's conversion factors come from
PROVENANCE: dict[Analyte, str] = {
    Analyte.ALBUMIN: "g/L = 10 × g/dL (SI prefixes)",
    Analyte.CRP: "mg/L = 10 × mg/dL (SI prefixes)",
    Analyte.LDH: "1 µkat/L = 60 U/L (1 U = 1 µmol/min; 1 kat = 1 mol/s)",
    Analyte.PLATELETS: "10^9/L = 10^3/µL (SI prefixes)",
    Analyte.CALCIUM: "molar mass of calcium 40.08 g/mol: 1 mmol/L = 4.008 mg/dL",
    Analyte.BILIRUBIN: "molar mass of bilirubin 584.7 g/mol: 17.1 µmol/L = 1 mg/dL",
    Analyte.HAEMOGLOBIN: "haemoglobin monomer 16.11 kDa: 1 mmol/L = 1.611 g/dL",
    Analyte.CHROMOGRANIN_A: _SI_PREFIX,
    Analyte.PSA: _SI_PREFIX,
    Analyte.THYROGLOBULIN: _SI_PREFIX,
    Analyte.NSE: _SI_PREFIX,
    Analyte.URINE_5_HIAA: "molar mass of 5-hydroxyindoleacetic acid 191.18 g/mol: 1 µmol = 0.19118 mg",
    Analyte.CALCITONIN: _SI_PREFIX,
    Analyte.CEA: _SI_PREFIX,
}


def normalise_unit(unit: str) -> str:
    return unit.strip().lower().replace(" ", "").replace("μ", "µ").replace("×", "x").replace("/24hours", "/24h")


#: analytes stated in words only (a panel of tests has no one unit): a statement, never a value
WORDS_ONLY: frozenset[Analyte] = frozenset({Analyte.THYROID_FUNCTION})


def allowed_units(analyte: Analyte) -> list[str]:
    if analyte in WORDS_ONLY:
        return []
    canonical, table = UNITS[analyte]
    return [canonical, *(u for u in table if u != canonical.lower())]


def to_canonical(analyte: Analyte, value: float, unit: str) -> float:
    """``value`` in ``unit`` expressed in the canonical unit of ``analyte``.

    Raises ValueError naming the accepted units for an unknown unit.
    """
    if analyte in WORDS_ONLY:
        raise ValueError(f"{analyte.value} is stated in words only (a panel of tests has no unit); give a statement")
    _canonical, table = UNITS[analyte]
    factor = table.get(normalise_unit(unit))
    if factor is None:
        raise ValueError(f"'{unit}' is not a unit for {analyte.value}; allowed: {', '.join(allowed_units(analyte))}")
    return value * factor


def canonical_unit(analyte: Analyte) -> str:
    return UNITS[analyte][0]
