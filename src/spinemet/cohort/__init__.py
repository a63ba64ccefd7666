"""The researcher's half: registry tables of facts -> every prognostic score -> survival evidence.

Pure core (no I/O): :mod:`~spinemet.cohort.dictionary` (the registry columns and how each maps to
the case vocabulary), :mod:`~spinemet.cohort.facts` (one registry row -> a case, scored by the same
readers and declarations as any case), :mod:`~spinemet.cohort.compile` (the same readers compiled to
Polars expressions for whole tables, streaming), :mod:`~spinemet.cohort.mapping` (a user's own
column names and codes), :mod:`~spinemet.cohort.synth` (a synthetic registry with a known truth),
:mod:`~spinemet.cohort.survival` and :mod:`~spinemet.cohort.validation` (Kaplan-Meier, log-rank,
C-indices, time-dependent AUC, calibration, Brier), :mod:`~spinemet.cohort.published` (each band's
published survival and published external c-indices, cited). Files are read and written by the
command line (:mod:`spinemet.cli.cohort_cmds`).
"""
