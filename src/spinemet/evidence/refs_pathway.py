"""Sources cited by the pathway rules (``spinemet.pathway``).

Keys follow the reference index of ``pathway.md``. One source = one key: a paper already
defined for the instruments keeps the instruments' key, and the rules cite it by that key:
``laufer_2013_noms`` -> ``laufer2013``, ``bilsky_2010_escc`` -> ``bilsky2010``,
``fisher_2010_sins`` -> ``fisher2010``, ``patchell_2005`` -> ``patchell2005``,
``rades_2008_score`` -> ``rades2008_ambulatory``, ``guan_2019_nen_rt`` -> ``net_rt_2019``,
``who_gep_2019`` -> ``who2019_digestive``, ``who_lung_net`` -> ``who2021_thoracic``
(``nice_cg75`` is shared as is). The SPINO, MDA and pain-response sources live in
``refs_course``; the sources the course shares with the rules (SCORAD, NG234, ASTRO 2017, the
recurrence and delayed-radiotherapy series) live here once, with the course's details merged in. Status follows the tag in ``pathway.md`` as corrected by
``docs/verification-findings.md`` (item 12).
"""

from spinemet.evidence.model import EvidenceStatus, Reference

V = EvidenceStatus.VERIFIED
S = EvidenceStatus.SECONDARY
M = EvidenceStatus.UNVERIFIED

REFERENCES: tuple[Reference, ...] = (
    # ---------------------------------------------------------------- frameworks and guidelines
    Reference("newman_2020_noms", "Newman WC, Laufer I, Bilsky MH", 2020,
              "Neurologic, oncologic, mechanical, and systemic and other decision frameworks for spinal disease",
              "Neurosurg Clin N Am 31(2):151-166", pmid="32147008", doi="10.1016/j.nec.2019.11.005", status=V,
              note="NOMS update: targeted and immune therapies folded into 'O'."),
    Reference("ivanishvili_2014_lmnop", "Ivanishvili Z, Fourney DR", 2014,
              "Incorporating the Spine Instability Neoplastic Score into a treatment strategy for spinal "
              "metastasis: LMNOP", "Global Spine J 4(2):129-136", pmid="25054100",
              doi="10.1055/s-0034-1375560", status=V),
    Reference("lesperance_2012_cepo", "L'Esperance S, Vincent F, Gaudreault M, et al", 2012,
              "Treatment of metastatic spinal cord compression: CEPO review and clinical recommendations",
              "Curr Oncol 19(6):e478-e490", pmid="23300371", doi="10.3747/co.19.1128", status=V,
              note="Dexamethasone 16 mg/day when MSCC is suspected; avoid high loading doses; myeloma, lymphoma, "
                   "germ-cell tumours without instability: steroids + chemotherapy with RT."),
    Reference("nice_ng234", "National Institute for Health and Care Excellence", 2023,
              "Spinal metastases and metastatic spinal cord compression (NG234)",
              guideline="NICE NG234", recommendation="1.3.2, 1.5.2, 1.5.5, 1.8.1",
              status=S,
              note="NCBI Bookshelf NBK595817. Recommendation numbers and wording seen only as quotations in "
                   "secondary sources; the BMJ summary (hawkins_2023_bmj) verifies the key messages. Re-entry "
                   "into urgent triage after a new deficit is derived (R-SURV-2)."),
    Reference("hawkins_2023_bmj", "Hawkins JE, Dworzynski K, Haden N", 2023,
              "Spinal metastases and metastatic spinal cord compression: summary of NICE guidance",
              "BMJ 383:p1973", doi="10.1136/bmj.p1973", status=V,
              note="Key messages verified: contact the MSCC coordinator immediately with neurological symptoms "
                   "or signs; immobilise when instability is suggested and get expert advice within 24 h; "
                   "prompt analgesia."),
    Reference("nice_qs56", "National Institute for Health and Care Excellence", 2023,
              "Metastatic spinal cord compression in adults (QS56, updated 2023)", guideline="NICE QS56",
              recommendation="statements 2, 3, 5, 6", status=V,
              note="St. 2: MRI and plan within 1 week for pain suggesting spinal metastases; st. 3: MRI and plan "
                   "within 24 h for suspected MSCC; st. 5: rehabilitation and coordinated care; st. 6 (pre-2023 "
                   "wording): RT within 24 h of the decision."),
    Reference("alcorn_2024_astro", "Alcorn S, Cortes AA, Bradfield L, et al", 2024,
              "External beam radiation therapy for palliation of symptomatic bone metastases: an ASTRO clinical "
              "practice guideline", "Pract Radiat Oncol 14(5)", pmid="38788923",
              doi="10.1016/j.prro.2024.04.018", guideline="ASTRO 2024", status=V,
              note="MSCC not for surgery: 8/1, 16/2, 20/5, 30/10 (strong); uncomplicated: 8/1, 20/5, 24/6, 30/10; "
                   "SBRT conditional for good PS, no surgery, no neurological signs; surgery + postoperative RT "
                   "for cord compression conditional; postoperative RT strong only without cord compression; "
                   "dexamethasone with RT strong. The spine re-irradiation list (8/1, 20/5, 24/6, 20/8) was not "
                   "found by the verification pass."),
    Reference("lutz_2017_astro", "Lutz S, Balboni T, Jones J, et al", 2017,
              "Palliative radiation therapy for bone metastases: update of an ASTRO evidence-based guideline",
              "Pract Radiat Oncol 7(1):4-12", doi="10.1016/j.prro.2016.08.001", guideline="ASTRO 2017", status=V,
              note="Equal pain relief 8/1, 20/5, 24/6, 30/10; single fraction: more retreatment; re-irradiation "
                   "reasonable for pain persisting or recurring more than one month after EBRT."),
    Reference("esmo_2020_bone", "Coleman R, Hadji P, Body JJ, et al", 2020,
              "Bone health in cancer: ESMO clinical practice guidelines", "Ann Oncol 31(12):1650-1663",
              guideline="ESMO 2020", status=S,
              note="Seen via a summary: postoperative RT after spinal decompression/stabilisation [III,B]; "
                   "authors and pages not re-read."),
    # ---------------------------------------------------------------- surgery selection
    Reference("chi_2009_age", "Chi JH, Gokaslan Z, McCormick P, Tibbs PA, Kryscio RJ, Patchell RA", 2009,
              "Selecting treatment for patients with malignant epidural spinal cord compression - does age "
              "matter? Results from a randomized clinical trial", "Spine 34(5):431-435",
              doi="10.1097/BRS.0b013e318193a25b", status=V,
              note="Age x treatment interaction (HR 1.61); at >=65 years surgery and RT alone were equivalent."),
    Reference("rades_2012_elderly", "Rades D, Huttenlocher S, Evers JN, et al", 2012,
              "Do elderly patients benefit from surgery in addition to radiotherapy for treatment of metastatic "
              "spinal cord compression?", "Strahlenther Onkol 188(5):424-430", pmid="22349635",
              doi="10.1007/s00066-011-0058-z", status=V),
    Reference("rades_2010_jco", "Rades D, Huttenlocher S, Dunst J, et al", 2010,
              "Matched pair analysis comparing surgery followed by radiotherapy and radiotherapy alone for "
              "metastatic spinal cord compression", "J Clin Oncol 28(22):3597-3604", pmid="20606090", status=M,
              note="From memory; PMID not confirmed."),
    Reference("rades_2007_ambulatory", "Rades D, et al", 2007,
              "Impact of ambulatory status after radiotherapy on survival in metastatic spinal cord compression",
              "Int J Radiat Oncol Biol Phys 67(5):1506-1509", pmid="17275201",
              doi="10.1016/j.ijrobp.2006.11.029", status=V),
    Reference("rades_2000_tempo", "Rades D, et al", 2000,
              "Prognostic value of the time to develop motor deficits before radiotherapy in metastatic spinal "
              "cord compression", "Int J Radiat Oncol Biol Phys 48(5):1403-1408",
              doi="10.1016/s0360-3016(00)01408-5", status=V,
              note="Motor deficit over >14 days: 93% improved after RT; 1-14 days: 10%; <48 h: 0%."),
    Reference("klekamp_1998", "Klekamp J, Samii H", 1998, "Surgical results for spinal metastases",
              "Acta Neurochir", doi="10.1007/s007010050199", status=V),
    # ---------------------------------------------------------------- radiotherapy
    Reference("hoskin_2019_scorad", "Hoskin PJ, Hopkins K, Misra V, et al", 2019,
              "Effect of single-fraction vs multifraction radiotherapy on ambulatory status among patients with "
              "spinal canal compression from metastatic cancer: the SCORAD randomized clinical trial",
              "JAMA 322(21):2084-2094", pmid="31794625", doi="10.1001/jama.2019.17913", status=V,
              note="Ambulatory at 8 weeks 69.3% (8 Gy/1) vs 72.7% (20 Gy/5). The 4-point ambulatory grade "
                   "(1 walks without aids, 2 with aids, 3 unable to walk, 4 absent or flicker power in any muscle "
                   "group) verified in the trial's Table 1 (PMC6902166; verification-findings, second pass S9d)."),
    Reference("sahgal_2021_sc24", "Sahgal A, Myrehaug SD, Siva S, et al", 2021,
              "Stereotactic body radiotherapy versus conventional external beam radiotherapy in patients with "
              "painful spinal metastases (SC.24)", "Lancet Oncol 22(7):1023-1033", pmid="34126044",
              doi="10.1016/S1470-2045(21)00196-0", status=V,
              note="24 Gy/2 vs 20 Gy/5; eligibility: <=3 contiguous segments, ECOG 0-2, SINS <12, no symptomatic "
                   "cord or cauda compression."),
    Reference("sahgal_2012_reirr", "Sahgal A, Ma L, Weinberg V, et al", 2012,
              "Reirradiation human spinal cord tolerance for stereotactic body radiotherapy",
              "Int J Radiat Oncol Biol Phys 82(1):107-116", status=V,
              note="Verified: SBRT >=5 months after cEBRT, retreatment thecal-sac Pmax nBED 20-25 Gy2/2, "
                   "cumulative <=~70 Gy2/2, SBRT share <=~50% (alpha/beta 2)."),
    Reference("sahgal_2013_cord", "Sahgal A, et al", 2013,
              "Probabilities of radiation myelopathy specific to stereotactic body radiation therapy to guide "
              "safe practice", "Int J Radiat Oncol Biol Phys 85:341-347", status=M,
              note="De novo thecal-sac limits recalled; superseded for SpineMet by sahgal_2019_hytec."),
    Reference("sahgal_2019_hytec", "Sahgal A, et al", 2019,
              "Spinal cord dose tolerance to stereotactic body radiation therapy (HyTEC)",
              "Int J Radiat Oncol Biol Phys", pmid="31606528", doi="10.1016/j.ijrobp.2019.09.038", status=V,
              note="Found by the verification pass: re-irradiation cumulative thecal-sac EQD2(2) Dmax 70 Gy, "
                   "SBRT EQD2 Dmax 25 Gy, ratio 0.5, interval >=5 months."),
    Reference("laufer_2013_separation", "Laufer I, Iorgulescu JB, Chapman T, et al", 2013,
              "Local disease control for spinal metastases following 'separation surgery' and adjuvant "
              "hypofractionated or high-dose single-fraction stereotactic radiosurgery",
              "J Neurosurg Spine 18:207-214", status=V,
              note="1-year local progression 4.1% (24-30 Gy/3) vs 22.6% (18-36 Gy in 5-6)."),
    Reference("alomair_2013", "Al-Omair A, Masucci L, Masson-Cote L, et al", 2013,
              "Surgical resection of epidural disease improves local control following postoperative spine "
              "stereotactic body radiotherapy", "Neuro Oncol 15(10):1413-1419", pmid="24057886",
              doi="10.1093/neuonc/not101", status=V),
    # ---------------------------------------------------------------- surgical planning
    Reference("barzilai_2019_hybrid", "Barzilai O, Laufer I, Robin A, Xu R, Yamada Y, Bilsky MH", 2019,
              "Hybrid therapy for metastatic epidural spinal cord compression: technique for separation surgery "
              "and spine radiosurgery", "Oper Neurosurg 16(3):310-318", doi="10.1093/ons/opy137", status=V,
              note="Screws and rods typically 2 levels above and 2 below the index level (Table 1). Authors and "
                   "title recalled; journal, DOI and steps verified."),
    Reference("ao_surgery_reference", "AO Foundation", 2020,
              "AO Surgery Reference: metastatic spine tumour, posterior decompression and stabilisation",
              "www2.aofoundation.org", status=V,
              note="Minimum one level above and below without anterior reconstruction; cement-augmented screws "
                   "for poor bone; radiosensitivity list."),
    Reference("kumar_2021_failure", "Kumar N, Patel R, Tan JH, et al", 2021,
              "Symptomatic construct failure after metastatic spine tumour surgery",
              "Asian Spine J 15(4):481-490", pmid="33108849", doi="10.31616/asj.2020.0166", status=V,
              note="14/246 symptomatic failures (5.7%); 13/14 spanned junctional regions; all had SINS >7."),
    Reference("cai_2022_meta", "Cai Z, et al", 2022,
              "Mechanical failure after spinal tumour fixation: a meta-analysis", "J Orthop Surg Res 17:110",
              pmid="35184737", status=V),
    Reference("amankulor_2014", "Amankulor NM, et al", 2014,
              "The incidence and patterns of hardware failure after separation surgery in patients with spinal "
              "metastatic tumors", "Spine J 14:1850-1859", status=M,
              note="Constructs >=6 contiguous levels and chest-wall resection: higher failure (recalled; not "
                   "found by the verification pass)."),
    Reference("berenson_2011_cafe", "Berenson J, Pflugmacher R, Jarzem P, et al", 2011,
              "Balloon kyphoplasty versus non-surgical fracture management for painful vertebral body "
              "compression fractures in patients with cancer (CAFE)", "Lancet Oncol 12(3):225-235",
              doi="10.1016/S1470-2045(11)70008-0", status=V),
    Reference("ppsf_2016", "Versteeg AL, et al", 2016,
              "Percutaneous pedicle screw fixation for unstable spinal metastases", "Ann Surg Oncol",
              note="PMC4889628; first author recalled.", status=V),
    # ---------------------------------------------------------------- timing, recurrence, revision
    Reference("itshayek_2010", "Itshayek E, Yamada J, Bilsky M, et al", 2010,
              "Timing of surgery and radiotherapy in the management of metastatic spine disease: a systematic "
              "review", "Int J Oncol 36(3):533-544", doi="10.3892/ijo_00000527", status=V),
    Reference("timing_survey", "(North American survey of radiation oncologists and spine surgeons)", 2018,
              "Timing of radiotherapy and surgery for spinal metastases: survey", "PMC6046325", status=V,
              note="62% accept 1-2 weeks after surgery before RT; authors recommend at least 2 weeks."),
    Reference("timing_review_2020", "(Systematic review)", 2020,
              "Interval between radiotherapy and surgery for spinal metastases: a systematic review",
              "Eur Spine J 29(12):3080-3115", doi="10.1007/s00586-020-06478-5", status=V),
    Reference("delayed_rt_2020", "Gong Y, Zhuang H, Chong S, Shi Q, Wei F, Liu Z, Ouyang H, Liu X, Jiang L", 2021,
              "Delayed postoperative radiotherapy increases the incidence of radiographic local tumor "
              "progression before radiotherapy and leads to poor prognosis in spinal metastases",
              "Radiat Oncol", doi="10.1186/s13014-020-01740-y", status=V,
              note="89 patients; progression before RT 1.2% at 1 month, 24.1% at 3 months, 45.1% at 6 months."),
    Reference("lau_2014_recurrence", "Lau D, Than K, La Marca F, Park P", 2014,
              "Independent predictors for local recurrence following surgery for spinal metastasis",
              "Acta Neurochir", doi="10.1007/s00701-013-1973-9", status=V,
              note="99 patients; local recurrence 32.3%, mean time to recurrence 9.8 months."),
    Reference("repeat_surgery_2018", "(Prospective cohort of 1421 surgical patients)", 2018,
              "Repeat surgery for symptomatic loss of local control after surgery for spinal metastases",
              "World Neurosurg", pmid="29729472", status=V,
              note="3.0% re-operated, median 184 days; median survival 6.1 months after the second operation."),
    Reference("quraishi_2015", "Quraishi NA, et al", 2015,
              "Reoperation rates in the surgical treatment of spinal metastases",
              "Spine J 15(3 Suppl):S37-S43", pmid="25615847", status=V),
    Reference("laufer_2010_repeat", "Laufer I, Hanover A, Lis E, Yamada Y, Bilsky M", 2010,
              "Repeat decompression surgery for recurrent spinal metastases", "J Neurosurg Spine 13:109-115",
              doi="10.3171/2010.3.SPINE08670", status=V,
              note="39 patients; median survival 12.4 months after the first re-operation; 65% ambulatory at last "
                   "follow-up; major complications 5%."),
    Reference("ghogawala_2001", "Ghogawala Z, Mansfield FL, Borges LF", 2001,
              "Spinal radiation before surgical decompression adversely affects outcomes of surgery for "
              "symptomatic metastatic spinal cord compression", "Spine 26(7):818-824", status=V,
              note="Major wound complications 32% after prior RT vs 12%."),
    # ---------------------------------------------------------------- neuro-endocrine neoplasms
    Reference("baudin_2021_esmo_lung", "Baudin E, et al", 2021,
              "Lung and thymic carcinoids: ESMO clinical practice guidelines", "Ann Oncol",
              doi="10.1016/j.annonc.2021.01.003", guideline="ESMO 2021", status=V,
              note="Recommendation lines as quoted by a guideline portal; co-authors and pages not re-read."),
    Reference("yao_2016_radiant4", "Yao JC, Fazio N, Singh S, et al", 2016,
              "Everolimus for the treatment of advanced, non-functional neuroendocrine tumours of the lung or "
              "gastrointestinal tract (RADIANT-4)", "Lancet 387(10022):968-977", pmid="26703889",
              doi="10.1016/S0140-6736(15)00817-X", status=V),
    Reference("strosberg_2017_netter1", "Strosberg J, et al", 2017,
              "Phase 3 trial of 177Lu-Dotatate for midgut neuroendocrine tumors (NETTER-1)",
              "N Engl J Med 376(2):125-135", doi="10.1056/NEJMoa1607427", status=V),
    Reference("putzer_2009_ga68", "Putzer D, et al", 2009,
              "Bone metastases in patients with neuroendocrine tumor: 68Ga-DOTA-Tyr3-octreotide PET in comparison "
              "to CT and bone scintigraphy", "J Nucl Med", status=V, note="Title and design verified."),
    # ---------------------------------------------------------------- function and fitness
    Reference("fortin_2015_rehab", "Fortin CD, et al", 2015,
              "Inpatient rehabilitation outcomes in patients with malignant spinal cord compression",
              "J Spinal Cord Med 38(6):754-764", pmid="25615237", status=V,
              note="FIM +20.1 from admission to discharge (143 MSCC patients)."),
    Reference("mckinley_1999_rehab", "McKinley WO, et al", 1999,
              "Rehabilitation functional outcome of patients with neoplastic spinal cord compressions",
              "Arch Phys Med Rehabil 80:1253-1257", doi="10.1016/S0003-9993(99)90025-4", status=V),
    Reference("subramaniam_2018_mfi5", "Subramaniam S, Aalberg JJ, Soriano RP, Divino CM", 2018,
              "New 5-factor modified frailty index using American College of Surgeons NSQIP data",
              "J Am Coll Surg 226(2):173-181", pmid="29155268", doi="10.1016/j.jamcollsurg.2017.11.005",
              status=V),
    Reference("velanovich_2013_mfi11", "Velanovich V, et al", 2013, "Modified frailty index (11 items)",
              "J Surg Res 183:104-110", status=M),
    Reference("delagarza_2016_mstfi", "De la Garza Ramos R, Goodwin CR, Jain A, et al", 2016,
              "Development of a metastatic spinal tumor frailty index (MSTFI)", "World Neurosurg", status=V,
              note="Items verified; journal year recalled."),
    Reference("bourassa_2020_sarcopenia", "Bourassa-Moreau E, et al", 2020,
              "Sarcopenia, but not frailty, predicts early mortality and adverse events after emergent surgery "
              "for metastatic disease of the spine", "Spine J 20(1):22-31", doi="10.1016/j.spinee.2019.08.012",
              status=V),
    Reference("bjj_2024_mfi", "(Prospective cohort, 241 patients)", 2024,
              "Modified frailty index and complications after surgery for spinal metastases", "Bone Joint J",
              doi="10.1302/0301-620X.106B12.BJJ-2024-0100.R1", status=V),
    Reference("asa_physical_status", "American Society of Anesthesiologists", 2020,
              "ASA Physical Status Classification System (amended 2020)", status=V),
    Reference("charlson_1987", "Charlson ME, et al", 1987,
              "A new method of classifying prognostic comorbidity in longitudinal studies",
              "J Chronic Dis 40:373-383", status=M),
    Reference("eisenhauer_2009_recist", "Eisenhauer EA, et al", 2009,
              "New response evaluation criteria in solid tumours: revised RECIST guideline (version 1.1)",
              "Eur J Cancer 45:228-247", status=M),
    # ---------------------------------------------------------------- issue 14, after treatment fails (pathA)
    Reference("murali_2021_rfa", "Murali N, Turmezei T, Bhatti S, Patel P, Marshall T, Smith T", 2021,
              "What is the effectiveness of radiofrequency ablation in the management of patients with spinal "
              "metastases? A systematic review and meta-analysis", "J Orthop Surg Res 16:659", pmid="34742319",
              doi="10.1186/s13018-021-02775-x", status=V,
              note="Abstract read (PMC8571892): 15 studies; pain reduced at 3-5 weeks, 3-4 and 5-6 months; local "
                   "failure 13.2%; low-quality evidence; RFA suggested for refractory pain or radiotherapy-"
                   "resistant tumours. Used as an option after RT failure, not as a threshold."),
)
