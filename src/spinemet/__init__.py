"""SpineMet: decision support for metastatic spine disease.

The pure core (``anatomy``, ``evidence``, ``case``, ``instruments``, ``pathway``,
``course``) performs no I/O; the adapters (``io``, ``store``, ``service``, ``api``,
``web``, ``report``, ``cohort``, ``cli``) carry it to people and other systems.
SpineMet informs a clinician; it never replaces clinical judgement.
"""

__version__ = "0.1.0"
