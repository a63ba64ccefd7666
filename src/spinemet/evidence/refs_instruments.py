"""Sources cited by the scoring instruments (``spinemet.instruments``).

Identifiers come from ``instruments.md`` and ``docs/verification-findings.md``; an identifier
that was not seen on a PubMed/publisher page is left out rather than recalled, and the entry's
``status`` says how far the source itself was checked.
"""

from spinemet.evidence.model import EvidenceStatus, Reference

V = EvidenceStatus.VERIFIED
S = EvidenceStatus.SECONDARY
M = EvidenceStatus.UNVERIFIED

REFERENCES: tuple[Reference, ...] = (
    Reference("fisher2010", "Fisher CG, DiPaola CP, Ryken TC, et al.", 2010,
              "A novel classification system for spinal instability in neoplastic disease: an evidence-based "
              "approach and expert consensus from the Spine Oncology Study Group",
              "Spine (Phila Pa 1976) 35(22):E1221-E1229", pmid="20562730",
              doi="10.1097/BRS.0b013e3181e16ae2", status=V,
              note="Citation verified (LWW abstract); PMID seen only in a secondary source; Table 1 not seen."),
    Reference("fourney2011", "Fourney DR, Frangou EM, Ryken TC, et al.", 2011,
              "Spinal instability neoplastic score: an analysis of reliability and validity from the Spine "
              "Oncology Study Group", "J Clin Oncol 29(22):3072-3077", pmid="21709187",
              doi="10.1200/JCO.2010.34.3897", status=V),
    Reference("fisher2014", "Fisher CG, et al.", 2014,
              "Reliability of the Spinal Instability Neoplastic Score (SINS) among radiation oncologists",
              "Radiat Oncol 9:69", status=V,
              note="Binary 0-6 / 7-18 use verified (instruments.md); identifiers not recorded here."),
    Reference("bilsky2010", "Bilsky MH, Laufer I, Fourney DR, et al.", 2010,
              "Reliability analysis of the epidural spinal cord compression scale",
              "J Neurosurg Spine 13(3):324-328", pmid="20809724", doi="10.3171/2010.3.SPINE09459", status=V),
    Reference("laufer2013", "Laufer I, Rubin DG, Lis E, et al.", 2013,
              "The NOMS framework: approach to the treatment of spinal metastatic tumors",
              "Oncologist 18(6):744-751", pmid="23709750", status=M,
              note="Radiosensitivity table not re-read. PMID 23709750 seen on an index record (read.qxmd.com) with "
                   "the title and abstract, 2026-11-28 (a brief citing PMID 23632467 for NOMS was wrong); doi "
                   "10.1634/theoncologist.2012-0293 seen on two citation pages."),
    Reference("frankel1969", "Frankel HL, Hancock DO, Hyslop G, et al.", 1969,
              "The value of postural reduction in the initial management of closed injuries of the spine with "
              "paraplegia and tetraplegia", "Paraplegia 7(3):179-192", pmid="5360915", status=M,
              note="PMID from background knowledge (not confirmed). Third pass: the opening of the 1969 paper "
                   "(title, eight authors, National Spinal Injuries Centre, Stoke Mandeville) was seen in a stored "
                   "PDF copy; its grading section was not reached."),
    Reference("kirshblum2011", "Kirshblum SC, Burns SP, Biering-Sorensen F, et al.", 2011,
              "International standards for neurological classification of spinal cord injury (revised 2011)",
              "J Spinal Cord Med 34(6):535-546", status=S,
              note="AIS definitions verified via reproductions; citation details not re-read."),
    Reference("karnofsky1949", "Karnofsky DA, Burchenal JH", 1949,
              "The clinical evaluation of chemotherapeutic agents in cancer",
              "In: MacLeod CM (ed). Evaluation of Chemotherapeutic Agents. Columbia Univ Press:191-205",
              status=S),
    Reference("oken1982", "Oken MM, Creech RH, Tormey DC, et al.", 1982,
              "Toxicity and response criteria of the Eastern Cooperative Oncology Group",
              "Am J Clin Oncol 5(6):649-655", pmid="7165009", status=S,
              note="PMID seen only in a secondary source."),
    Reference("ma2010", "Ma C, Bandukwala S, Burman D, et al.", 2010,
              "Interconversion of three measures of performance status: an empirical analysis",
              "Eur J Cancer 46(18):3175-3183", pmid="20674334", doi="10.1016/j.ejca.2010.06.126", status=V),
    Reference("prasad2018", "Prasad KT, Kaur H, Muthu V, et al.", 2018,
              "Interconversion of two commonly used performance tools: an analysis of 5844 paired assessments "
              "in 1501 lung cancer patients", "World J Clin Oncol 9(7):140-147", pmid="30425939",
              doi="10.5306/wjco.v9.i7.140", status=V),
    Reference("buccheri1996", "Buccheri G, Ferrigno D, Tamburini M", 1996,
              "Karnofsky and ECOG performance status scoring in lung cancer: a prospective, longitudinal study "
              "of 536 patients from a single institution", "Eur J Cancer 32A(7):1135-1141", status=V),
    Reference("tokuhashi2005", "Tokuhashi Y, Matsuzaki H, Oda H, Oshima M, Ryu J", 2005,
              "A revised scoring system for preoperative evaluation of metastatic spine tumor prognosis",
              "Spine (Phila Pa 1976) 30(19):2186-2191", doi="10.1097/01.brs.0000180401.06919.a5", status=V,
              note="Values verified via the NICE CG75 reproduction where printed; PMID not confirmed."),
    Reference("tokuhashi1990", "Tokuhashi Y, Matsuzaki H, Toriyama S, Kawano H, Ohsaka S", 1990,
              "Scoring system for the preoperative evaluation of metastatic spine tumor prognosis",
              "Spine (Phila Pa 1976) 15(11):1110-1113", doi="10.1097/00007632-199011010-00005", status=V),
    Reference("enkaoua1997", "Enkaoua EA, et al.", 1997,
              "Vertebral metastases: a critical appreciation of the preoperative prognostic Tokuhashi score "
              "in a series of 71 cases", "Spine (Phila Pa 1976)", status=S,
              note="Abstract (71 patients) implies an unknown primary scored 1 in the 1990 score; volume and "
                   "pages not re-read."),
    Reference("nice_cg75", "National Institute for Health and Clinical Excellence", 2008,
              "Metastatic spinal cord compression: diagnosis and management (CG75), Appendix 3 and evidence "
              "tables", guideline="NICE CG75", status=V,
              note="Appendix 3 reproduces the revised Tokuhashi table with author-approved corrections."),
    Reference("tomita2001", "Tomita K, Kawahara N, Kobayashi T, Yoshida A, Murakami H, Akamaru T", 2001,
              "Surgical strategy for spinal metastases", "Spine (Phila Pa 1976) 26(3):298-306",
              pmid="11224867", doi="10.1097/00007632-200102010-00016", status=S,
              note="Point table seen only in secondary implementations; PMID secondary."),
    Reference("bauer1995", "Bauer HC, Wedin R", 1995,
              "Survival after surgery for spinal and extremity metastases. Prognostication in 241 patients",
              "Acta Orthop Scand 66(2):143-146", pmid="7740944", doi="10.3109/17453679508995508", status=V),
    Reference("leithner2008", "Leithner A, Radl R, Gruber G, et al.", 2008,
              "Predictive value of seven preoperative prognostic scoring systems for spinal metastases",
              "Eur Spine J 17(11):1488-1495", pmid="18787846", doi="10.1007/s00586-008-0763-1", status=V),
    Reference("katagiri2014", "Katagiri H, Okada R, Takagi T, et al.", 2014,
              "New prognostic factors and scoring system for patients with skeletal metastasis",
              "Cancer Med 3(5):1359-1367", pmid="25044999", doi="10.1002/cam4.292", status=V,
              note="Tumour lists and laboratory cut-offs confirmed only by a secondary implementation."),
    Reference("ghori2015", "Ghori AK, Leonard DA, Schoenfeld AJ, et al.", 2015,
              "Modeling 1-year survival after surgery on the metastatic spine", "Spine J 15(11):2345-2350",
              status=S, note="Seen only through summaries; PMID/DOI not found."),
    Reference("schoenfeld2016", "Schoenfeld AJ, Le HV, Marjoua Y, et al.", 2016,
              "Assessing the utility of a clinical prediction score regarding 30-day morbidity and mortality "
              "following metastatic spinal surgery: the New England Spinal Metastasis Score (NESMS)",
              "Spine J 16(4):482-490", pmid="26409416", doi="10.1016/j.spinee.2015.09.043", status=V),
    Reference("rades2008", "Rades D, Dunst J, Schild SE", 2008,
              "The first score predicting overall survival in patients with metastatic spinal cord compression",
              "Cancer 112(1):157-161", doi="10.1002/cncr.23150", status=V,
              note="Abstract verified; Table 2 (per-option points) not seen; PMID not confirmed."),
    Reference("rades2010", "Rades D, et al.", 2010,
              "Validation and simplification of a score predicting survival in patients irradiated for "
              "metastatic spinal cord compression", "Cancer 116(15):3670-3673", status=S),
    Reference("rades2008_ambulatory", "Rades D, Rudat V, Veninga T, et al.", 2008,
              "A score predicting posttreatment ambulatory status in patients irradiated for metastatic spinal "
              "cord compression", "Int J Radiat Oncol Biol Phys 72(3):905-908", pmid="18436390",
              doi="10.1016/j.ijrobp.2008.02.018", status=V),
    Reference("van_der_linden2005", "van der Linden YM, Dijkstra SP, Vonk EJ, Marijnen CA, Leer JW", 2005,
              "Prediction of survival in patients with metastases in the spinal column: results based on a "
              "randomized trial of radiotherapy", "Cancer 103(2):320-328", pmid="15593360", status=V,
              note="Derived in patients without neurological impairment; point table secondary."),
    Reference("who2019_digestive", "WHO Classification of Tumours Editorial Board", 2019,
              "WHO Classification of Tumours: Digestive System Tumours, 5th edition", "IARC, Lyon",
              guideline="WHO Blue Books", status=V),
    Reference("rindi2018", "Rindi G, Klimstra DS, Abedi-Ardekani B, et al.", 2018,
              "A common classification framework for neuroendocrine neoplasms: an IARC and WHO expert "
              "consensus proposal", "Mod Pathol 31(12):1770-1786", status=S),
    Reference("who2021_thoracic", "WHO Classification of Tumours Editorial Board", 2021,
              "WHO Classification of Tumours: Thoracic Tumours, 5th edition", "IARC, Lyon",
              guideline="WHO Blue Books", status=V),
    Reference("net_rt_2019", "(Palliative radiotherapy for well-differentiated neuroendocrine tumours)", 2019,
              "Palliative radiotherapy of neuroendocrine tumour metastases", "Pract Radiat Oncol",
              pmid="31360808", status=S,
              note="Cited in instruments.md section 14 for 'historically radioresistant' and palliative response."),
    Reference("he2021_wjcc", "He LM, Ma X, Chen C, Zhang HY", 2021,
              "Treatment of cervical spine metastasis with minimally invasive cervical spondylectomy: a case "
              "report and literature review", "World J Clin Cases 9(3):644-650", pmid="33553403",
              doi="10.12998/wjcc.v9.i3.644", status=V,
              note="Case report (C4 thyroid-cancer metastasis, ASIA E) publishing totals only: Tomita 5, modified "
                   "Tokuhashi 9, SINS 13. Item-level answers are not in the stored abstract; used as a "
                   "published-total fixture (tests/instruments/test_published_cases.py)."),
    Reference("patchell2005", "Patchell RA, Tibbs PA, Regine WF, et al.", 2005,
              "Direct decompressive surgical resection in the treatment of spinal cord compression caused by "
              "metastatic cancer: a randomised trial", "Lancet 366(9486):643-648", pmid="16112300",
              doi="10.1016/S0140-6736(05)66954-1", status=V),
    Reference("balain2013", "Balain B, Jaiswal A, Trivedi JM, Eisenstein SM, Kuiper JH, Jaffray DC", 2013,
              "The Oswestry Risk Index: an aid in the treatment of metastatic disease of the spine",
              "Bone Joint J 95-B(2):210-216", doi="10.1302/0301-620X.95B2.29323", status=V,
              note="Formula verified; the PTP table was not found, so OSRI is not implemented."),
    Reference("paulino_pereira2016", "Paulino Pereira NR, Janssen SJ, van Dijk E, et al.", 2016,
              "Development of a prognostic survival algorithm for patients with metastatic spine disease",
              "J Bone Joint Surg Am 98(21):1767-1776", doi="10.2106/JBJS.15.00975", status=V),
    Reference("karhade2019", "Karhade AV, Thio QCBS, Ogink PT, et al.", 2019,
              "Predicting 90-day and 1-year mortality in spinal metastatic disease: development and internal "
              "validation", "Neurosurgery 85(4):E671-E681", pmid="30869143", doi="10.1093/neuros/nyz070",
              status=V),
)
