"""The vertebral levels a region named without a level can mean (``LevelFinding.region``).

A report that says "thoracic pathological fracture" does not say which thoracic vertebra; what it
does say is that the lesion lies at one of T1-T12. Instruments that read a level (SINS location)
can then narrow to the answers those levels allow instead of giving up (see
:func:`spinemet.instruments.declarations.sins.sins_location_over_region`). This table is anatomy,
not a guess at the level: each entry is every level the word can mean.

- ``cervical`` C1-C7, ``thoracic`` T1-T12, ``lumbar`` L1-L5, ``sacral`` S1-S5 (the regions by
  definition); ``whole_spine`` C1-S5.
- ``cervicothoracic``, ``thoracolumbar``, ``lumbosacral``: reports use these words both for the
  junction and for the two regions together ("thoracolumbar spine"); where the junction ends is
  not fixed either. So each covers every level of the two regions it names -- wide, but never
  narrower than the words.
- ``conus``: the conus medullaris is not a vertebra; its tip lies between T12 and L3 in adults
  (middle third of T12 to upper third of L3 in 504 adults on MRI; Saifuddin 1998, evidence key
  ``saifuddin1998``), so a finding "at the conus" is placed at T12-L3. (The conus above its tip may
  reach T11; T11 is junctional like T12, so no SINS answer read from this table would change.)
- ``craniocervical``: the occipitocervical junction (occiput, atlas, axis). The occiput is skull, not a
  vertebra, so the levels are C1-C2 -- all junctional in Fisher 2010's location item (O-C2), the one
  region whose SINS location is settled.
"""

from __future__ import annotations

from spinemet.anatomy import Level
from spinemet.case.vocab_disease import SpinalRegion

#: the citation of each entry that is not a region by definition
REGION_SOURCES: dict[SpinalRegion, str] = {SpinalRegion.CONUS: "saifuddin1998"}


def _levels(first: Level, last: Level) -> tuple[Level, ...]:
    return tuple(lvl for lvl in Level if first <= lvl <= last)


REGION_LEVELS: dict[SpinalRegion, tuple[Level, ...]] = {
    SpinalRegion.CERVICAL: _levels(Level.C1, Level.C7),
    SpinalRegion.CERVICOTHORACIC: _levels(Level.C1, Level.T12),
    SpinalRegion.THORACIC: _levels(Level.T1, Level.T12),
    SpinalRegion.THORACOLUMBAR: _levels(Level.T1, Level.L5),
    SpinalRegion.LUMBAR: _levels(Level.L1, Level.L5),
    SpinalRegion.LUMBOSACRAL: _levels(Level.L1, Level.S5),
    SpinalRegion.SACRAL: _levels(Level.S1, Level.S5),
    SpinalRegion.WHOLE_SPINE: _levels(Level.C1, Level.S5),
    SpinalRegion.CONUS: _levels(Level.T12, Level.L3),
    SpinalRegion.CRANIOCERVICAL: _levels(Level.C1, Level.C2),
}


def region_levels(region: SpinalRegion) -> tuple[Level, ...]:
    """Every vertebral level a finding named only by ``region`` can lie at (see the module)."""
    return REGION_LEVELS[region]
