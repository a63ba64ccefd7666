"""evaluate_read (what assess_snapshot scores a reader's answers with) against the general path it
stands in for: evaluate of the items read, an item read as unknown left out with its decisions."""

from __future__ import annotations

import random

import pytest

from spinemet.errors import InvalidValue, ValidationFailed
from spinemet.instruments import INSTRUMENTS, Given, evaluate
from spinemet.instruments.engine import evaluate_read
from spinemet.instruments.model import Decision, Instrument

_D = Decision("test_decision", "A decision given with an unread answer.")


def _random_given(rng: random.Random, keys: tuple[str, ...]) -> Given:
    roll = rng.random()
    if roll < 0.3:
        return Given(None, "unread", (_D,) if rng.random() < 0.5 else ())  # read as unknown
    if roll < 0.6:
        return Given(rng.choice(keys), "given")
    if roll < 0.65:
        return Given("not-an-answer", "given")
    return Given(None, "narrowed", (), tuple(rng.sample(keys, rng.randint(1, len(keys)))))


def _general(inst: Instrument, answers: dict[str, Given]) -> object:
    """evaluate of the items read (None when none was read), or the error it raises."""
    read = {k: g for k, g in answers.items() if g.answer is not None or g.candidates}
    if not read:
        return None
    try:
        return evaluate(inst, read).as_dict()
    except (InvalidValue, ValidationFailed) as err:
        return type(err), str(err)


def _read(inst: Instrument, answers: dict[str, Given]) -> object:
    try:
        result = evaluate_read(inst, answers)
    except (InvalidValue, ValidationFailed) as err:
        return type(err), str(err)
    return None if result is None else result.as_dict()


@pytest.mark.parametrize("key", sorted(INSTRUMENTS))
def test_evaluate_read_is_evaluate_of_the_items_read(key: str) -> None:
    inst = INSTRUMENTS[key]
    rng = random.Random(key)
    for _ in range(300):
        items = rng.sample(inst.items, rng.randint(0, len(inst.items)))
        answers = {it.key: _random_given(rng, it.answer_keys) for it in items}
        if rng.random() < 0.05:
            answers["not_an_item"] = _random_given(rng, ("x",))
        assert _read(inst, answers) == _general(inst, answers)
