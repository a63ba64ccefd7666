"""Imaging findings, neurology, performance status, outcomes and complications in words.

Provenance: the keys are the case record's (docs/case-file.md, case-file version 2). Bilsky's
epidural spinal cord compression grades 0-3 (Bilsky MH et al. J Neurosurg Spine 2010;13:324-8,
PMID 20809724); SINS lesion type, alignment, collapse and posterolateral items (Fisher CG et al.
Spine 2010;35:E1221-9, PMID 20562730); Frankel grades (Frankel HL et al. Paraplegia 1969;7:179-92,
PMID 5360915) and the ASIA Impairment Scale (ISNCSCI; Kirshblum SC et al. J Spinal Cord Med
2011;34:535-46, PMID 22330108); MRC power 0-5; Karnofsky and ECOG performance status. The words
are the usual ones of MRI reports, clinic letters and case reports, British and American spelling.
"""

from __future__ import annotations

MODALITY: tuple[tuple[str, str], ...] = (
    (r"\bPET[/-]?CT\b|\bPET/CT\b", "pet_ct"),
    (r"\b(?:DOTATATE|DOTATOC|gallium-?68|Ga-?68|octreoscan|somatostatin receptor (?:imaging|scintigraphy))",
     "somatostatin_receptor_imaging"),
    (r"\bPET\b", "pet"),
    (r"\bMRI\b|\bMR\b(?: imaging| scan)?|\bmagnetic resonance", "mri"),
    (r"\bCT\b|\bcomputed tomography", "ct"),
    (r"\bbone scan|\bscintigraph|\bbone scintigram", "bone_scan"),
    (r"\bSPECT\b", "spect"),
    (r"\bmyelogra(?:m|phy)", "myelography"),
    (r"\bx-?rays?\b|\bradiographs?\b|\bplain films?", "xray"),
)
#: imaging words that open an imaging study without a modality
IMAGING_WORDS = r"\bimaging\b|\bscans?\b|\bshowed\b|\brevealed\b|\bdemonstrated\b"

LESION = (r"\bmetasta(?:sis|ses|tic (?:lesion|deposit|disease|tumou?r))|\babnormal (?:\w+ )?signal|\bmarrow signal|"
          r"\bsignal (?:change|abnormality)|\bdeposits?\b|\blesions?\b|\btumou?rs?\b|"
          r"\bmass(?:es)?\b|\binvolvement\b|\binfiltration\b|\bdestruction\b|\bdestroyed\b")
COLLAPSE = (r"\bcollapsed?\b|\bpathological (?:compression )?fractures?|\bcompression fractures?|\bwedg(?:e|ing)\b|"
            r"\bloss of (?:vertebral )?(?:body )?height|\bheight loss|\bvertebra plana|\bfractured?\b")
PATHOLOGICAL_FRACTURE = r"\bpathological (?:compression )?fractures?|\bosteolytic compression fracture"
COLLAPSE_PERCENT = (r"(?P<pct>\d{1,3})\s?%\s*(?:loss of (?:vertebral )?(?:body )?height|height loss|collapse|"
                    r"compression)|(?:collapse|height loss|loss of height) of (?:about |approximately )?(?P<pct2>\d{1,3})\s?%")
LESION_TYPE: tuple[tuple[str, str], ...] = (
    (r"\bmixed (?:lytic[- ]sclerotic|lytic[- ]blastic|sclerotic[- ]lytic|osteolytic[- ]osteoblastic)|\bmixed lesion",
     "mixed"),
    (r"\b(?:osteo)?lytic\b", "lytic"),
    (r"\b(?:osteo)?(?:blastic|sclerotic)\b", "blastic"),
)
ALIGNMENT: tuple[tuple[str, str], ...] = (
    (r"\bsubluxation|\btranslation|\blisthesis\b|\bspondylolisthesis", "subluxation"),
    (r"\bkyphotic deformity|\bkyphosis|\bscoliosis|\bde novo deformity|\bangulation", "deformity"),
    (r"\balignment (?:is |was )?(?:normal|maintained|preserved)|\bnormal alignment", "normal"),
)
POSTERIOR = (r"\bpedicles?\b|\blaminae?\b|\bfacets?\b|\bposterior elements?|\bspinous process|\bcosto-?vertebral joint|"
             r"\bposterior arch")
POSTERIOR_BOTH = r"\bboth pedicles|\bbilateral (?:pedicles?|posterior elements?|facets?)|\bpedicles? bilaterally"
POSTERIOR_ONE = r"\b(?:left|right)(?:-sided)? (?:pedicle|lamina|facet)|\bunilateral (?:pedicle|posterior|facet)"
EPIDURAL = (r"\bepidural (?:extension|disease|component|mass|tumou?r|soft[- ]tissue|deposit|spread|involvement)|"
            r"\bextradural (?:extension|disease|component|mass|tumou?r)|\bepidural\b")
CORD_COMPRESSION = (r"\b(?:spinal )?cord compression|\bcord (?:or|and|/) (?:cauda equina|conus) compression|\bcompress(?:ion of|ing|es|ed)(?: the)? (?:spinal )?cord|"
                    r"\bcord (?:was |is )?compressed|\bMSCC\b|\bmass effect on the (?:spinal )?cord|"
                    r"\bcompression of the (?:thoracic |cervical )?(?:spinal )?cord|\bobliterat\w+ (?:of )?the (?:spinal )?canal|"
                    r"\bsevere (?:spinal )?(?:canal )?stenosis with cord")
CAUDA_COMPRESSION = r"\bcompress\w* (?:of )?(?:the )?cauda equina|\bcauda equina compression|\bcauda equina (?:was |is )?compressed"
CONUS_COMPRESSION = r"\bcompress\w* (?:of )?(?:the )?conus|\bconus compression"
ROOT_COMPRESSION = r"\bcompress\w* (?:of )?(?:the )?(?:surrounding |exiting |traversing )?(?:nerve )?roots?|\b(?:nerve )?root compression|\broots? (?:were |was )?compressed"
BILSKY = r"\b(?:Bilsky|ESCC|epidural spinal cord compression)(?: scale)?(?: grade| score)?\s*(?:of\s*)?(?P<g>[0-3][abcABC]?)\b"
COMPARTMENTS: tuple[tuple[str, str], ...] = (
    (r"\bintradural[,]? extramedullary|\bintradural\b(?! (?:cement))|\bsubarachnoid", "intradural_extramedullary"),
    (r"\bintramedullary|\bwithin the (?:spinal )?cord|\bcord substance", "intramedullary"),
    (r"\bleptomeningeal|\bdrop metastas", "leptomeningeal"),
    (r"\bparaspinal|\bparavertebral|\bpsoas", "paraspinal"),
    (r"\bvertebral body(?! height)|\bvertebral bodies|\bosseous\b|\bbody of\b|\b[CTLS]\d{1,2} (?:vertebral )?body\b",
     "vertebral_body"),
)
RESOLVED = (r"\b(?:complete |rapid )?resolution of the (?:tumou?r|lesion|mass|epidural)|\bcomplete (?:radiological )?response|"
            r"\bno residual (?:tumou?r|disease|lesion)|\btumou?r (?:had )?(?:resolved|disappeared)")
SMALLER = r"\b(?:tumou?r|lesion|mass) (?:was |had )?(?:smaller|shrunk|reduced in size|decreased in size)|\bshrinkage"
NEW_LESION = r"\bnew (?:lesions?|metastas[ie]s|deposits?)"
CERTAINTY_WORDS = r"\bmetasta|\blesion|\bdeposit|\bmalignan|\btumou?r"

# --- neurology
FRANKEL = r"\bFrankel(?: grade| score| classification)?\s*(?:of\s*)?(?P<g>[A-E])\b"
ASIA = r"\b(?:ASIA|AIS)(?: impairment scale)?(?: grade| score)?\s*(?:of\s*)?(?P<g>[A-E])\b"
DEFICITS: tuple[tuple[str, str], ...] = (
    (r"\bparapleg(?:ia|ic)|\bparalysis of both (?:legs|lower limbs)|\bparalys(?:is|ed) (?:in|of) (?:both|the) (?:legs|"
     r"lower limbs)|\b(?:both|the) (?:legs|lower limbs) (?:were|became) paraly[sz]ed", "paraplegia"),
    (r"\b(?:tetra|quadri)pleg(?:ia|ic)", "tetraplegia"),
    (r"\bparapare(?:sis|tic)", "paraparesis"),
    (r"\b(?:tetra|quadri)pare(?:sis|tic)", "tetraparesis"),
    (r"\bmonopare(?:sis|tic)", "monoparesis"),
    (r"\bmotor[- ]complete", "motor_complete"),
    (r"\bmotor[- ]incomplete", "motor_incomplete"),
    (r"\bweak(?:ness)?\b|\bhemipare(?:sis|tic)|\bfoot drop|\boff (?:her|his|their) legs|\bloss of motor (?:function|"
     r"power)|\breduced power|\bloss of power", "weakness"),
    (r"\bnumb(?:ness)?\b|\bpar(?:a)?esthesi(?:a|ae|as)|\btingling|\bpins and needles", "numbness"),
    (r"\b(?:reduced|decreased|impaired|loss of|altered) (?:sensation|sensibility)|\bsensory (?:loss|deficit|level)|"
     r"\bhyp(?:o|a)esthesi|\bhemisensory loss|\banaesthesia", "sensory_loss"),
    (r"\b(?:gait (?:disturbance|instability|ataxia)|unsteady gait|ataxic gait|"
     r"difficulty (?:in )?walking|unsteady on (?:her|his) feet)", "gait_disturbance"),
)
NO_DEFICIT = (r"\bneurologically (?:intact|normal)|\bno (?:focal )?neurological deficits?|\bneurological examination "
              r"(?:was )?(?:normal|unremarkable)|\bnormal neurolog")
MOTOR_WORDS = ("paraplegia", "tetraplegia", "paraparesis", "tetraparesis", "monoparesis", "motor_complete",
               "motor_incomplete", "weakness")
FULL_POWER = r"\b(?:regained|recovered|has) full (?:motor )?(?:power|strength)|\bpower (?:was |is )?(?:5/5|full|normal) throughout|\bfull power"
SIDES: tuple[tuple[str, str], ...] = (
    (r"\bboth\b|\bbilateral(?:ly)?\b|\blegs\b|\blower limbs\b|\bupper limbs\b|\barms\b", "both"),
    (r"\bleft(?:-sided)?\b", "left"),
    (r"\bright(?:-sided)?\b", "right"),
)
LIMBS: tuple[tuple[str, str], ...] = (
    (r"\blegs?\b|\blower (?:limbs?|extremit(?:y|ies))|\bfoot\b|\bfeet\b|\bparapleg|\bparapare", "lower"),
    (r"\barms?\b|\bupper (?:limbs?|extremit(?:y|ies))|\bhands?\b", "upper"),
)
MUSCLES: tuple[tuple[str, str], ...] = (
    (r"hip flex(?:ors|ion)", "hip_flexors"), (r"knee exten(?:sors|sion)", "knee_extensors"),
    (r"ankle dorsiflex(?:ors|ion)|dorsiflex(?:ors|ion)", "ankle_dorsiflexors"),
    (r"(?:long )?toe exten(?:sors|sion)|EHL", "long_toe_extensors"),
    (r"(?:ankle )?plantar ?flex(?:ors|ion)", "ankle_plantar_flexors"), (r"elbow flex(?:ors|ion)", "elbow_flexors"),
    (r"wrist exten(?:sors|sion)", "wrist_extensors"), (r"elbow exten(?:sors|sion)", "elbow_extensors"),
    (r"finger flex(?:ors|ion)", "finger_flexors"), (r"finger abduct(?:ors|ion)", "finger_abductors"),
    (r"shoulder abduct(?:ors|ion)", "shoulder_abductors"), (r"grip", "grip"), (r"hands?", "hand"),
    (r"hip exten(?:sors|sion)", "hip_extensors"), (r"knee flex(?:ors|ion)", "knee_flexors"),
    (r"(?:lower limbs?|legs?)", "lower_limb"), (r"(?:upper limbs?|arms?)", "upper_limb"),
)
MRC = (r"(?:power|strength|MRC(?: grade)?)?\s*(?:of\s*)?(?P<g>[0-5])\s*/\s*5\s*(?:power\s*)?(?:in|of|at)\s+(?:the\s+)?"
       r"(?P<side>left|right|both|bilateral)?\s*(?P<muscle>[a-z ]{3,30}?)(?=[,.;)]|\s+and\b|\s+bilaterally|$)")
WALKING: tuple[tuple[str, str], ...] = (
    (r"\bunable to (?:walk|stand|mobili[sz]e)|\bnon-?ambula(?:nt|tory)|\bbed-?(?:bound|ridden)|\bwheelchair|"
     r"\bcould not walk|\bcannot walk|\bloss of (?:the ability to walk|ambulation)|\boff (?:her|his|their) legs|"
     r"\bimmobile\b", "non_ambulatory"),
    (r"\bwalk(?:s|ing|ed)? with (?:a |the )?(?:frame|stick|cane|walker|crutch(?:es)?|support|assistance|aid|help|"
     r"zimmer|rollator)|\bwith (?:a |the )?(?:walking aid|frame|stick|cane|walker|crutches|rollator)\b|"
     r"\bambula(?:nt|tory|tes|ting) with (?:a |an )?(?:aid|frame|stick|cane|walker|support|assistance)", "with_aid"),
    (r"\bwalk(?:s|ing|ed)? (?:independently|unaided|without (?:an? )?(?:aid|support|assistance))|"
     r"\bindependently (?:ambula(?:nt|tory|ting)|mobile)|\bfully (?:ambula(?:nt|tory)|mobile)",
     "independent"),
    (r"\bdifficulty (?:in )?walking|\bwalk(?:s|ed|ing)? with difficulty|\bwalking (?:was |became )?difficult",
     "difficulty"),
    (r"\bwalking (?:was )?limited to|\bhouse-?bound|\bshort distances|\bwalk(?:s|ing)? only (?:a few|short)",
     "limited"),
    (r"\bambula(?:nt|tory)\b|\b(?:able to|could) walk|\bwalking\b(?! (?:difficult|aid))|\bmobili[sz]ing|\bwalked\b",
     "ambulatory_unspecified"),
)
SPHINCTER_IMPAIRED = (r"\burinary (?:retention|incontinence|dysfunction|symptoms)|\b(?:bladder|bowel|sphincter) "
                      r"(?:dysfunction|disturbance|incontinence|involvement|impairment)|\bincontinen(?:ce|t)\b|"
                      r"\bdifficulty (?:in )?voiding|\bretention of urine|\bcatheteri[sz]ed|\bsaddle an(?:a)?esthesia")
SPHINCTER_NORMAL = (r"\b(?:bladder|sphincter) (?:and bowel )?(?:function )?(?:was |is |were |are )?(?:normal|intact|preserved)|"
                    r"\bcontinent\b")
CAUDA_SYNDROME = r"\bcauda equina syndrome"
CONUS_SYNDROME = r"\bconus (?:medullaris )?syndrome"
SENSORY_LEVEL = r"\bsensory level (?:at |of )?(?:the )?"
NEW_DEFICIT = (r"\bnew (?:onset )?(?:neurological |motor )?(?:deficits?|compromise|weakness)|\bneurological "
               r"(?:deterioration|worsening)|\bdeteriorat\w+ neurologically|\bworsening (?:of )?(?:the )?(?:weakness|"
               r"neurolog)")
DEFICIT_GENERIC = r"\bneurological (?:deficits?|compromise|impairment|symptoms)"

KPS = r"\b(?:Karnofsky(?: performance (?:status|score))?|KPS)(?: score| of| was| is|:|=|\s)*(?P<v>\d{2,3})\s?%?"
ECOG = r"\b(?:ECOG|WHO|Zubrod)(?: performance status| PS| score)?(?: of| was| is|:|=|\s)*(?P<v>[0-5])\b"
PAIN = (r"\b(?:back|neck|thoracic|lumbar|spinal|low back|radicular|mechanical|buttock|shoulder|bone|chest wall)\s+"
        r"pain|\bpain(?:ful)?\b|\bsciatica|\bbackache")
PAIN_MECHANICAL = (r"\bmechanical (?:back |neck )?pain|\bpain (?:worse|aggravated|exacerbated) (?:on|with|by) "
                   r"(?:movement|sitting|standing|loading|weight[- ]bearing|mobili[sz]ation)|\brelieved (?:by )?lying")
PAIN_REGION: tuple[tuple[str, str], ...] = (
    (r"\bneck pain|\bcervical pain", "cervical"), (r"\bthoracic (?:back )?pain|\bupper back pain", "thoracic"),
    (r"\blow(?:er)? back pain|\blumbar pain|\blumbago", "lumbar"), (r"\bsacral pain", "sacral"),
)
NRS = r"\b(?:NRS|VAS|pain score)(?: of| was|:|=|\s)*(?P<v>\d{1,2})\s*(?:/\s*10)?"

# --- disease burden
BURDEN_MULTIPLE = r"\b(?:multiple|multifocal|numerous|several|diffuse|widespread|disseminated|extensive) (?:\w+ ){0,2}(?:bone|bony|skeletal|osseous|osteolytic|lytic|sclerotic|vertebral|spinal) (?:metastas[ie]s|lesions|deposits|disease)"
VISCERAL: tuple[tuple[str, str], ...] = (
    (r"\b(?:liver|hepatic) metastas[ie]s|\bmetastas[ie]s (?:to|in) the liver", "liver"),
    (r"\b(?:lung|pulmonary) metastas[ie]s|\bmetastas[ie]s (?:to|in) the lungs?", "lung"),
    (r"\b(?:brain|cerebral|cerebellar|intracranial) metastas[ie]s|\bmetastas[ie]s (?:to|in) the brain", "brain"),
    (r"\badrenal metastas[ie]s", "adrenal"),
)

# --- outcomes, recurrence, complications
RECURRENCE = (r"\b(?:local |early |tumou?r )?recurren(?:ce|t)\b|\brecurred\b|\b(?:local )?relapsed?\b|\bregrowth\b|"
              r"\blocal (?:failure|progression)|\bin-?field (?:failure|progression)")
NO_RECURRENCE = r"\bno (?:evidence of |sign of |signs of )?(?:local |tumou?r )?(?:recurrence|relapse|regrowth)|\brecurrence-free|\bwithout (?:local )?recurrence"
IMPROVED: tuple[tuple[str, str], ...] = (
    # "partly resolved" says less than resolved and more than improved: the record holds it apart
    (r"\b(?:motor|sensory|neurolog\w*)\b[\w\s]{0,40}?\b(?:had |has |have |was |were )?(?:partly|partially) resolved",
     "neurological:partially_resolved"),
    # motor and sensory named apart ("his motor and sensory function improved") are two statements
    (r"\bmotor (?:and sensory )?(?:function |deficits? |power )?(?:\w+ ){0,2}(?:improved|recovered|improvement|"
     r"recovery)|\b(?:strength|power) (?:\w+ )?(?:was |were |is )?(?:improved|recovered|improving|returned)|"
     r"\bregained (?:full )?strength|\bimprovement (?:of|in) (?:motor|strength)", "motor:improved"),
    (r"\bsensory (?:function |deficits? )?(?:\w+ ){0,2}(?:improved|recovered|improvement|recovery)|\bmotor and sensory "
     r"(?:function |deficits? )?(?:\w+ ){0,2}(?:improved|recovered|improvement|recovery)|\b(?:numbness|"
     r"par(?:a)?esthesi\w*) (?:\w+ )?(?:improved|resolved|recovered|resolving|improving)", "sensory:improved"),
    (r"\bneurolog\w* (?:function |status |symptoms |deficits? |condition )?(?:\w+ ){0,2}(?:improved|recovered|"
     r"improvement|recovery)|\bneurological (?:function )?(?:improvement|recovery)|\bregained (?:full )?function|"
     r"\brecovered (?:full )?(?:function|neurological)|\bimprovement (?:of|in) neurolog", "neurological:improved"),
    (r"\bneurolog\w*\b[\w\s]{0,40}?\b(?:had |has |have |was |were )?(?:\w+ly )?(?:improved|improving|recovered)",
     "neurological:improved"),
    (r"\b(?:weakness|symptoms)\b (?:(?!and\b)\w+ )?(?:improved|resolved|recovered)", "neurological:improved"),
    (r"\bno (?:further )?neurological (?:deterioration|worsening)|\bdid not deteriorate", "neurological:unchanged"),
    (r"\bno neurological recovery|\bdid not recover", "neurological:unchanged"),
    # "pain was relieved" does not say it is gone: improved; resolved only when the words say so
    (r"\bpain (?:was |were |had )?(?:completely |fully )?resolved|\b(?:complete|full) (?:relief of|resolution of) "
     r"(?:the )?(?:back |neck )?pain|\bresolution of (?:the )?(?:back |neck )?pain|\bpain[- ]free|\bpain (?:was |were )?"
     r"(?:completely|fully) relieved", "pain:resolved"),
    (r"\bpain (?:and [\w-]+ )?(?:was |were )?(?:\w+ )?(?:improved|reduced|decreased|better|eased|much improved|relieved|"
     r"resolving|improving)|\bpain "
     r"relief|\brelief of (?:the )?(?:back |neck )?pain|\b(?:reduction|improvement) (?:of|in) (?:the )?(?:back |neck )?pain|"
     r"\bpain reduc", "pain:improved"),
    (r"\bgeneral condition (?:had |has |was )?(?:\w+ )?(?:improved|better)", "general_condition:improved"),
    (r"\bquality of life (?:was |were )?(?:improved|better)|\bimproved (?:the |her |his |their )?quality of life|\bimprov\w+ (?:in|of) (?:the )?quality of life",
     "quality_of_life:improved"),
)
DEATH = r"\b(?:died|death|passed away|succumbed|deceased|expired)\b"
DEATH_DISEASE = r"\b(?:of|from|due to) (?:(?:tumou?r|disease|cancer) progression|progressive disease|(?:the |her |his )?(?:disease|cancer|tumou?r|metastatic disease))"
ALIVE = r"\b(?:alive|surviv(?:es|ed|ing))\b"
COMPLICATIONS: tuple[tuple[str, str], ...] = (
    (r"\bcement (?:leakage|leak|extravasation)|\bleakage of (?:the )?cement|\bcement (?:had )?leaked", "cement_leakage"),
    (r"\bcement (?:extrusion|migration into the canal)", "cement_extrusion"),
    (r"\b(?:pulmonary )?cement embol", "cement_embolism"),
    (r"\b(?:rod|screw|plate|cage|implant) (?:breakage|fracture|failure|loosening|pull-?out|subsidence)|\bhardware "
     r"failure|\binstrumentation failure|\b(?:broken|fractured) rods?|\bcage subsidence|\brod breakage", "hardware_failure"),
    (r"\bscrew malposition|\bmalpositioned screw|\bmisplaced screw", "screw_malposition"),
    (r"\badjacent (?:level |segment )?fracture", "adjacent_fracture"),
    (r"\b(?:wound|surgical site|deep) infection|\binfected wound", "wound_infection"),
    (r"\bwound (?:dehiscence|breakdown)|\bdehiscence", "wound_dehiscence"),
    (r"\bdelayed wound healing|\bpoor wound healing|\bimpaired wound healing", "delayed_wound_healing"),
    (r"\b(?:epidural |post-?operative )?ha?ematoma", "haematoma"),
    (r"\b(?:CSF|cerebrospinal fluid) (?:leak|fistula)", "csf_leak"),
    (r"\bdural tear|\bincidental durotomy", "dural_tear"),
    (r"\bradiation myelopathy|\bradiation-induced myelopathy", "radiation_myelopathy"),
    (r"\bdeep vein thrombosis|\bDVT\b|\bpulmonary embol(?:ism|us)|\bthromboembol", "thromboembolism"),
    (r"\bpneumonia", "pneumonia"),
    (r"\bhypotension|\bhypotensive|\b(?:systolic )?blood pressure (?:fell|dropped)", "hypotension"),
    (r"\bskin defect|\bpin-?hole", "skin_defect"),
)
