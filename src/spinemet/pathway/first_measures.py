"""D2: first measures while definitive treatment is arranged.

Dexamethasone (NG234 1.8.1 as quoted; CEPO 2012 verified 16 mg/day): for suspected or
confirmed MSCC with neurological symptoms or signs, 16 mg as soon as possible, then 16 mg
daily until definitive treatment, with gastroprotection (PPI) and blood-glucose monitoring.
High loading doses (~96-100 mg) add toxicity without clear benefit (CEPO 2012). Where lymphoma
is possible and there is no tissue diagnosis, discuss before steroids: they can spoil the
biopsy (secondary teaching sources citing NG234). Immobilise at once when the neurological
picture suggests instability and get expert spinal advice within 24 h (NG234, BMJ summary);
SINS 13-18 as a second trigger is derived (Fisher 2010).
"""

from __future__ import annotations

from spinemet.evidence import EvidenceStatus
from spinemet.pathway.applicability import MSCC
from spinemet.pathway.base import DECIDED, NEEDS, RuleSpec, answer, not_applicable
from spinemet.pathway.context import RuleInput, possible, treated_in_this_episode
from spinemet.pathway.model import Reason, Recommendation
from spinemet.pathway.urgency import Urgency, triage

#: CEPO 2012: loading doses of this order (96-100 mg) bring toxicity without clear benefit.
HIGH_LOADING_DOSE_MG = 96.0


def _first_measures(inp: RuleInput) -> Recommendation:
    s = inp.snapshot
    done = treated_in_this_episode(inp)
    if done and not inp.reopened("mscc_urgency"):
        return not_applicable(FIRST_MEASURES, f"Definitive treatment already given ({', '.join(done)}).")
    t = triage(inp)
    if t.urgency is None:
        return answer(FIRST_MEASURES, NEEDS,
                      "Steroids are indicated only with neurological symptoms or signs, which are not recorded.",
                      missing=t.missing)
    if t.urgency is not Urgency.IMMEDIATE:
        return not_applicable(
            FIRST_MEASURES,
            "No neurological symptom or sign: dexamethasone is not started routinely for pain alone.",
            [Reason("Urgency tier: " + t.urgency.value.replace("_", " "), {"urgency": t.urgency.value})],
        )
    reasons = [Reason("Suspected or confirmed MSCC with neurological signs: " + ", ".join(t.signs) + ".",
                      {"signs": list(t.signs)}, "neurological symptoms or signs -> dexamethasone (R-STER-1)",
                      "nice_ng234"),
               Reason("Dexamethasone 16 mg/day as soon as MSCC is suspected in a symptomatic patient.",
                      {}, "16 mg/day", "lesperance_2012_cepo"),
               Reason("With radiotherapy for cord compression, dexamethasone is recommended (strong).", {},
                      None, "alcorn_2024_astro")]
    cautions: list[str] = []
    options: list[str] = []
    fitness = s.fitness.value if s.fitness else None
    steroids = s.steroids()
    if fitness is not None and fitness.steroid_contraindication:
        statement = ("Dexamethasone is normally started now, but a steroid contraindication is recorded: "
                     "discuss with the oncology team before giving it.")
    elif t.in_progress:
        given = f" (started day {steroids[-1].day})" if steroids else ""
        statement = (f"Dexamethasone 16 mg daily{given} with a proton-pump inhibitor and blood-glucose monitoring "
                     f"until definitive treatment, which started {t.started_when} ({'; '.join(t.in_progress)}): "
                     "if not yet "
                     "given, give it now; taper once treatment is under way (no verified taper schedule).")
        reasons.append(Reason(f"Definitive treatment started {t.started_when}, after the examination.",
                              {"started_today": list(t.in_progress)}, "16 mg/day until definitive treatment",
                              "nice_ng234"))
    elif steroids:
        last = steroids[-1]
        statement = (f"Continue dexamethasone (started day {last.day}) at 16 mg daily until definitive treatment, "
                     "with a PPI and blood-glucose monitoring.")
        if last.value.loading_dose_mg is not None and last.value.loading_dose_mg >= HIGH_LOADING_DOSE_MG:
            cautions.append(f"Loading dose {last.value.loading_dose_mg:g} mg recorded: high loading doses "
                            "(about 96-100 mg) bring toxicity without clear benefit (CEPO 2012).")
    else:
        statement = ("Dexamethasone 16 mg orally (or IV equivalent) as soon as possible, then 16 mg daily until "
                     "definitive treatment; add a proton-pump inhibitor and monitor blood glucose.")
    if fitness is None or fitness.steroid_contraindication is None:
        cautions.append("No steroid contraindication is recorded either way: check before giving.")
    if fitness is not None and fitness.diabetes:
        cautions.append("Diabetes recorded: monitor blood glucose closely on dexamethasone.")
    site = s.primary.site.value
    if (site in ("lymphoma", "unknown")) and s.histopathology is None:
        cautions.append("Lymphoma is possible and there is no tissue diagnosis: discuss with oncology before "
                        "steroids (they may compromise the biopsy) (R-STER-2, secondary).")
    sins = inp.result("sins")
    bands = possible(sins)
    suspected = s.neuro.value.suspected_instability if s.neuro is not None else None
    if suspected:
        options.append("Immobilise now (minimise spinal weight-bearing): the neurological picture suggests "
                       "instability; expert spinal advice within 24 h to keep immobilisation short.")
        reasons.append(Reason("The clinician judges that the neurological picture suggests instability.",
                              {"suspected_instability": True},
                              "neurological signs suggesting instability -> immobilise (NG234 via BMJ summary)",
                              "hawkins_2023_bmj"))
    elif "unstable" in bands:
        immob = (f"SINS {sins.total} (13-18, unstable)" if sins is not None and sins.total is not None
                 else "SINS could still be 13-18 (unstable)")
        options.append("Immobilise now (minimise spinal weight-bearing) if the neurological picture suggests "
                       f"instability ({immob}); expert spinal advice within 24 h to keep immobilisation short.")
        reasons.append(Reason(f"Instability: {immob}.", {"sins_possible_bands": list(bands)},
                              "immobilise when instability is suspected; SINS >=13 trigger is derived",
                              "hawkins_2023_bmj"))
    else:
        options.append("Immobilisation only if the neurological picture suggests instability (SINS cannot be "
                       "13-18 on the recorded items)." if bands else
                       "Immobilisation if the neurological picture suggests instability; expert advice within 24 h.")
    options.append("Prompt analgesia with an individual pain assessment.")
    return answer(FIRST_MEASURES, DECIDED, statement, reasons, options=options, cautions=cautions,
                  citations=("nice_ng234", "lesperance_2012_cepo", "hawkins_2023_bmj", "alcorn_2024_astro"),
                  evidence_status=EvidenceStatus.SECONDARY,
                  data={"dexamethasone_mg_loading": 16, "dexamethasone_mg_daily": 16, "ppi": True,
                        "glucose_monitoring": True, "state": "in_progress" if t.in_progress else "open"})


FIRST_MEASURES = RuleSpec(
    key="first_measures",
    decision_point="D2",
    title="First measures",
    summary="Dexamethasone 16 mg then 16 mg/day with PPI and glucose checks; immobilise if unstable; lymphoma caveat.",
    inputs=("urgency tier (neurological signs)", "steroids given", "steroid contraindication, diabetes",
            "primary site and tissue diagnosis", "SINS"),
    outputs=("steroid instruction", "immobilisation advice", "cautions"),
    sources=("nice_ng234", "lesperance_2012_cepo", "hawkins_2023_bmj", "alcorn_2024_astro"),
    pathway_rules=("R-STER-1", "R-STER-2", "R-STER-4", "R-IMMOB-1"),
    evidence_status=EvidenceStatus.SECONDARY,
    evaluate=_first_measures,
    applies_to=MSCC,
)
