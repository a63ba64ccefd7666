"""Vocabularies for where the disease is and for what sources say in words (case-file version 2).

These keys are public (``docs/case-file.md``): they are what a clinic letter or a case report
states, recorded as stated. Turning a word into the instrument answers it allows (e.g.
"motor complete" -> Frankel A or B) is the instruments' derivation, not the record's.
"""

from __future__ import annotations

from enum import StrEnum


class Compartment(StrEnum):
    """Where a lesion lies relative to the bone, the dura and the cord.

    Vertebral instruments (SINS) and extradural compression rules apply to the first three
    compartments; intradural and leptomeningeal disease is a different disease for them.
    """

    VERTEBRAL_BODY = "vertebral_body"
    POSTERIOR_ELEMENTS = "posterior_elements"
    EPIDURAL = "epidural"
    INTRADURAL_EXTRAMEDULLARY = "intradural_extramedullary"
    INTRAMEDULLARY = "intramedullary"
    LEPTOMENINGEAL = "leptomeningeal"
    PARASPINAL = "paraspinal"


class SpinalRegion(StrEnum):
    """A spinal region named without a level ("thoracic pathological fracture").

    ``conus``: the conus medullaris, the end of the spinal cord ("intramedullary metastasis in the
    conus"), named without a vertebral level; the levels it can lie at are in
    :data:`spinemet.case.regions.REGION_LEVELS` (cited), never a level typed in for it.
    """

    CERVICAL = "cervical"
    CERVICOTHORACIC = "cervicothoracic"
    THORACIC = "thoracic"
    THORACOLUMBAR = "thoracolumbar"
    LUMBAR = "lumbar"
    LUMBOSACRAL = "lumbosacral"
    SACRAL = "sacral"
    WHOLE_SPINE = "whole_spine"
    #: added 2026-11-28 (issue 12, third pass): the conus medullaris, by name
    CONUS = "conus"
    #: added 2026-11-28 (fifth pass): the occipitocervical (craniovertebral) junction named without a level,
    #: "a metastasis of the atlanto-occipital joint", "occipitocervical fusion": as vertebrae, C1-C2
    CRANIOCERVICAL = "craniocervical"


class CompressionCause(StrEnum):
    """What compresses the neural structures: tumour, or something that is not tumour."""

    TUMOUR = "tumour"
    BONE_FRAGMENT = "bone_fragment"
    COMPLICATION = "complication"
    DEGENERATIVE = "degenerative"
    OTHER = "other"


class Walking(StrEnum):
    """Walking as sources state it.

    ``ambulatory_unspecified``: "ambulant" without saying whether an aid is needed;
    ``limited``: walks, but only short distances ("walking limited to the house");
    ``difficulty``: walks with difficulty ("difficulty walking"), aid not stated;
    ``wheelchair``: uses a wheelchair ("needed a wheelchair"), walking not stated.
    """

    INDEPENDENT = "independent"
    WITH_AID = "with_aid"
    AMBULATORY_UNSPECIFIED = "ambulatory_unspecified"
    LIMITED = "limited"
    NON_AMBULATORY = "non_ambulatory"
    #: "difficulty walking": walks, with difficulty; whether with an aid is not stated
    DIFFICULTY = "difficulty"
    #: "needed a wheelchair": uses a wheelchair; whether the patient can still walk is not stated
    WHEELCHAIR = "wheelchair"


class DeficitWord(StrEnum):
    """A neurological deficit stated in words rather than as a Frankel/ASIA grade."""

    PARAPLEGIA = "paraplegia"
    TETRAPLEGIA = "tetraplegia"
    PARAPARESIS = "paraparesis"
    TETRAPARESIS = "tetraparesis"
    MONOPARESIS = "monoparesis"
    MOTOR_COMPLETE = "motor_complete"
    MOTOR_INCOMPLETE = "motor_incomplete"
    WEAKNESS = "weakness"
    NUMBNESS = "numbness"
    SENSORY_LOSS = "sensory_loss"
    GAIT_DISTURBANCE = "gait_disturbance"
    #: "a neurological deficit", kind not stated (not weakness, not numbness: the kind is unknown)
    UNSPECIFIED_DEFICIT = "unspecified_deficit"
    NO_DEFICIT = "no_deficit"


class Side(StrEnum):
    LEFT = "left"
    RIGHT = "right"
    BOTH = "both"
    UNSPECIFIED = "unspecified"


class Limb(StrEnum):
    """The limbs a deficit affects ("weakness of both lower limbs", "left arm and leg")."""

    UPPER = "upper"
    LOWER = "lower"


class CountWord(StrEnum):
    """A count stated in words ("multiple bone metastases")."""

    NONE = "none"
    SOLITARY = "solitary"
    MULTIPLE = "multiple"
    DIFFUSE = "diffuse"
    WIDESPREAD = "widespread"


#: The count range each word allows (low, high; high None = no upper bound). "Multiple",
#: "diffuse" and "widespread" say more than one and no more: no source gives them a number.
COUNT_RANGE: dict[CountWord, tuple[int, int | None]] = {
    CountWord.NONE: (0, 0),
    CountWord.SOLITARY: (1, 1),
    CountWord.MULTIPLE: (2, None),
    CountWord.DIFFUSE: (2, None),
    CountWord.WIDESPREAD: (2, None),
}


class Certainty(StrEnum):
    """How sure a source is of a stated fact ("probably lung", "possibly renal")."""

    CONFIRMED = "confirmed"
    PROBABLE = "probable"
    POSSIBLE = "possible"


class LabStatement(StrEnum):
    """A laboratory value stated only in words ("thyroglobulin markedly raised")."""

    NORMAL = "normal"
    RAISED = "raised"
    MARKEDLY_RAISED = "markedly_raised"
    LOW = "low"
