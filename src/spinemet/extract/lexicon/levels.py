"""How clinicians write vertebral levels, spans and regions.

Provenance: the level names are the standard count (C1-C7, T1-T12, L1-L5, S1-S5; see
:mod:`spinemet.anatomy`). "D" for dorsal (= thoracic) levels is the older British and Indian
usage ("D7"). Spans are written with a hyphen or dash, "to", "through", or a slash between
adjacent levels ("T12/L1", "T2/3"); lists with commas and "and". MRI sequence names that look
like levels ("T1-weighted", "T2 hyperintense", "STIR") and TNM stages ("T2N0M0") are not levels.
Region words are the regions of docs/case-file.md.
"""

from __future__ import annotations

#: letter as written -> letter of the standard level name
LETTERS = {"C": "C", "T": "T", "D": "T", "L": "L", "S": "S"}

#: words after a T/C level that show it is an MRI sequence or a TNM stage, not a vertebra
NOT_A_LEVEL_AFTER = (
    r"\s*-?\s*(?:weighted|w\b|wi\b|hyper|hypo|iso|signal|sequence|image|imaging|post|pre-?contrast|fat|flair|stir|"
    r"map|relaxation|shine)"
    r"|\s*N\s?[0-3xX]|\s*M\s?[01xX]|[a-c]\b"
)
#: words before a level that show it is not a vertebra ("stage T3", "grade T1"; "pT2" is excluded
#: because a letter stands right before it)
NOT_A_LEVEL_BEFORE = r"\b(?:stage|staged|tnm|grade)\s*$"

ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12,
    "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5, "6th": 6, "7th": 7, "8th": 8, "9th": 9, "10th": 10,
    "11th": 11, "12th": 12,
}
ORDINAL_REGIONS = {"cervical": "C", "thoracic": "T", "dorsal": "T", "lumbar": "L", "sacral": "S"}

#: region words -> docs/case-file.md region keys (order matters: longer phrases first)
REGIONS: tuple[tuple[str, str], ...] = (
    (r"cervico-?thoracic", "cervicothoracic"),
    (r"thoraco-?lumbar", "thoracolumbar"),
    (r"lumbo-?sacral", "lumbosacral"),
    (r"(?:whole|entire) spine|whole-spine|multilevel spinal|throughout the spine", "whole_spine"),
    (r"cervical", "cervical"),
    (r"thoracic|dorsal", "thoracic"),
    (r"lumbar", "lumbar"),
    (r"sacral|sacrum", "sacral"),
    # the conus medullaris named without a level (the record's region 'conus', case-file issue 12)
    (r"conus(?: medullaris)?", "conus"),
)
