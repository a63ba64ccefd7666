"""Scoring instruments: declarations evaluated by one engine (pure core, no I/O).

Public API
----------
* :func:`score` — evaluate one instrument by key for one patient's answers.
* :func:`get`, :data:`INSTRUMENTS`, :data:`NOT_IMPLEMENTED` — the declarations.
* :class:`Given` — an answer with its provenance (derived from which fact, decisions used).
* :class:`Result` — the result; ``Result.as_dict()`` is the public JSON shape.
* :func:`assess_snapshot` — every instrument a case snapshot supports, each read by the
  reader its declaration module holds (:mod:`spinemet.instruments.scoring`).
* :func:`score_frame` — columnar evaluation of a Polars DataFrame
  (:mod:`spinemet.instruments.columnar`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from spinemet.instruments.constraints import InvalidAnswer
from spinemet.instruments.engine import AnswerInput, Given, evaluate
from spinemet.instruments.model import Instrument, Kind
from spinemet.instruments.registry import INSTRUMENTS, NOT_IMPLEMENTED, get
from spinemet.instruments.result import Component, Result
from spinemet.instruments.scoring import assess_snapshot

__all__ = [
    "INSTRUMENTS",
    "NOT_IMPLEMENTED",
    "AnswerInput",
    "Component",
    "Given",
    "Instrument",
    "InvalidAnswer",
    "Kind",
    "Result",
    "assess_snapshot",
    "get",
    "score",
    "score_frame",
]


def score(instrument: str | Instrument, answers: Mapping[str, AnswerInput]) -> Result:
    """Evaluate ``instrument`` (a key such as ``"sins"`` or a declaration) for ``answers``."""
    inst = get(instrument) if isinstance(instrument, str) else instrument
    return evaluate(inst, answers)


def score_frame(instrument: str | Instrument, frame: Any) -> Any:
    """Columnar evaluation (Polars); see :func:`spinemet.instruments.columnar.score_frame`."""
    from spinemet.instruments.columnar import score_frame as _score_frame

    inst = get(instrument) if isinstance(instrument, str) else instrument
    return _score_frame(inst, frame)
