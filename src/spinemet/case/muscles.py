"""Muscle groups for MRC power grades, as data.

The ten ISNCSCI key muscle groups carry the cord segment they test (International Standards
for Neurological Classification of Spinal Cord Injury; evidence key ``kirshblum2011``). The
other groups are those clinic letters and case reports grade ("power 4/5 in both hands",
"3/5 in the legs"); they have no single segment. A key not in this table is refused with the
list, so that a typo never becomes a new muscle.
"""

from __future__ import annotations

#: key -> (plain name, ISNCSCI key-muscle segment or None)
MUSCLE_GROUPS: dict[str, tuple[str, str | None]] = {
    # ISNCSCI key muscles (kirshblum2011), cranial to caudal.
    "elbow_flexors": ("elbow flexors", "C5"),
    "wrist_extensors": ("wrist extensors", "C6"),
    "elbow_extensors": ("elbow extensors", "C7"),
    "finger_flexors": ("long finger flexors", "C8"),
    "finger_abductors": ("small finger abductors", "T1"),
    "hip_flexors": ("hip flexors", "L2"),
    "knee_extensors": ("knee extensors", "L3"),
    "ankle_dorsiflexors": ("ankle dorsiflexors", "L4"),
    "long_toe_extensors": ("long toe extensors", "L5"),
    "ankle_plantar_flexors": ("ankle plantar flexors", "S1"),
    # Common groups that sources grade; no single segment.
    "shoulder_abductors": ("shoulder abductors", None),
    "grip": ("grip", None),
    "hand": ("hand muscles", None),
    "hip_extensors": ("hip extensors", None),
    "hip_abductors": ("hip abductors", None),
    "hip_adductors": ("hip adductors", None),
    "knee_flexors": ("knee flexors", None),
    "upper_limb": ("upper limb (whole)", None),
    "proximal_upper_limb": ("proximal upper limb", None),
    "distal_upper_limb": ("distal upper limb", None),
    "lower_limb": ("lower limb (whole)", None),
    "proximal_lower_limb": ("proximal lower limb", None),
    "distal_lower_limb": ("distal lower limb", None),
}

ISNCSCI_KEY_MUSCLES: tuple[str, ...] = tuple(k for k, (_, seg) in MUSCLE_GROUPS.items() if seg is not None)


def allowed_muscles() -> str:
    return ", ".join(MUSCLE_GROUPS)
