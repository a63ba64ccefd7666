"""KPS <-> ECOG conversion tables. Sources disagree, so every conversion names its table.

Tables (ECOG grade -> KPS values):

============  ==========  ===========  ============
ECOG          conventional  ma_2010     prasad_2018
============  ==========  ===========  ============
0             90-100      100          100
1             70-80       80-90        80-90
2             50-60       60-70        70
3             30-40       40-50        50-60
4             10-20       10-30        10-40
5             0           0*           0*
============  ==========  ===========  ============

* ``conventional``: the table used by many calculators and guidelines (secondary sources only).
* ``ma_2010``: Ma C et al., Eur J Cancer 2010;46:3175 (PMID 20674334), n = 1,385; verified.
* ``prasad_2018``: Prasad KT et al., World J Clin Oncol 2018;9:140 (PMID 30425939), 5,844 paired
  assessments; verified.
* (*) Ma 2010 and Prasad 2018 do not map death; KPS 0 and ECOG 5 both mean dead, so they are
  mapped to each other by definition in every table.

A converted value is never silently a measured one: :class:`Conversion` carries the table and
the source value, and the instrument components built from it say "converted from ...".
"""

from __future__ import annotations

from spinemet.frozen import dataclass
from spinemet.instruments.constraints import Interval, InvalidAnswer, Options

TABLES: dict[str, dict[int, tuple[int, ...]]] = {
    "conventional": {0: (90, 100), 1: (70, 80), 2: (50, 60), 3: (30, 40), 4: (10, 20), 5: (0,)},
    "ma_2010": {0: (100,), 1: (80, 90), 2: (60, 70), 3: (40, 50), 4: (10, 20, 30), 5: (0,)},
    "prasad_2018": {0: (100,), 1: (80, 90), 2: (70,), 3: (50, 60), 4: (10, 20, 30, 40), 5: (0,)},
}
TABLE_CITATION = {"conventional": "oken1982", "ma_2010": "ma2010", "prasad_2018": "prasad2018"}
_TABLE = Options(tuple(TABLES), what="a conversion table")
_KPS = Interval(0, 100, unit="", integer=True)
_ECOG = Interval(0, 5, integer=True)


@dataclass(frozen=True)
class Conversion:
    """A converted performance status: the possible values on the target scale and whence."""

    scale: str
    values: tuple[int, ...]
    source_scale: str
    source_value: int
    table: str

    @property
    def value(self) -> int | None:
        """The converted value when the table gives exactly one, else ``None``."""
        return self.values[0] if len(self.values) == 1 else None

    def describe(self) -> str:
        vals = (str(self.values[0]) if len(self.values) == 1 else f"{self.values[0]}-{self.values[-1]}")
        return (f"converted from {self.source_scale.upper()} {self.source_value} by the {self.table} "
                f"table ({self.scale.upper()} {vals})")


def check_kps(value: object, field: str = "kps") -> int:
    """A valid KPS: a multiple of 10 from 0 to 100 (55 is rejected, never rounded)."""
    number = int(_KPS.check(field, value))
    if number % 10:
        raise InvalidAnswer(field, value, [str(v) for v in range(0, 101, 10)], "a KPS value")
    return number


def kps_to_ecog(kps: int, table: str = "conventional") -> Conversion:
    """The ECOG grade that ``kps`` corresponds to in ``table``."""
    name = _TABLE.check("table", table)
    value = check_kps(kps)
    for ecog, kps_values in TABLES[name].items():
        if value in kps_values:
            return Conversion("ecog", (ecog,), "kps", value, name)
    raise AssertionError("every KPS value is in every table")  # pragma: no cover


def ecog_to_kps(ecog: int, table: str = "conventional") -> Conversion:
    """The KPS values that ECOG grade ``ecog`` corresponds to in ``table`` (often two or more)."""
    name = _TABLE.check("table", table)
    grade = int(_ECOG.check("ecog", ecog))
    return Conversion("kps", TABLES[name][grade], "ecog", grade, name)
