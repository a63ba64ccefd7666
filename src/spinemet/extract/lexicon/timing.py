"""Time in words -> the record's relative dating (docs/case-file.md "Dating events").

Provenance: the record's rule that calendar units widen to the days they can mean (a month is
28-31 days); the phrases are the usual ones of case reports and letters ("within one month of
surgery", "three months later", "12 years earlier", "on the first post-operative day", "at 18
months of follow-up"). Words that give only the order ("then", "subsequently") give no amount.
"""

from __future__ import annotations

NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15,
    "sixteen": 16, "eighteen": 18, "twenty": 20, "twenty-four": 24, "thirty": 30, "single": 1,
}
ORDINAL_DAYS = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
                "tenth": 10, "fourteenth": 14}
_NUM = r"(?P<n>\d{1,3}(?:\.\d)?|" + "|".join(sorted(NUMBERS, key=len, reverse=True)) + r")"
_UNIT = r"[- ](?P<u>day|week|month|year|hour)s?"
#: words naming the event a time is counted from -> event type ('presentation': the first events)
ANCHORS: tuple[tuple[str, str], ...] = (
    (r"surgery|operation|decompression|resection|laminectomy|spondylectomy|vertebrectomy|fixation|procedure|"
     r"surgical treatment|corpectomy", "surgery"),
    (r"radiotherapy|irradiation|radiosurgery|SBRT|radiation", "radiotherapy"),
    (r"chemo-?radiotherapy", "chemoradiotherapy"),
    (r"emboli[sz]ation", "embolisation"),
    (r"vertebroplasty|kyphoplasty|augmentation", "cement_augmentation"),
    (r"ablation", "ablation"),
    (r"presentation|admission|diagnosis of the (?:spinal )?metastasis", "presentation"),
    (r"(?:the )?(?:initial |primary )?diagnosis|nephrectomy|thyroidectomy|mastectomy", "primary"),
)
_ANCHOR = r"(?:the |her |his |their |initial |first |index |spinal |primary )*(?P<anchor>" + "|".join(
    a for a, _ in ANCHORS) + r")"

WITHIN = r"\bwithin " + _NUM + _UNIT + r"(?:\s+(?:of|after|following)\s+" + _ANCHOR + r")?"
LATER = (r"\b" + _NUM + _UNIT + r"\s+(?:later|afterwards|thereafter|post-?operatively|(?:after(?:wards)?|following|from)"
         r"(?:\s+" + _ANCHOR + r")?)")
AT_FOLLOW_UP = (r"\b(?:at|after|by)\s+(?:the\s+)?(?:latest\s+|last\s+|final\s+)?" + _NUM + _UNIT
                + r"(?:\s+of)?(?:[- ](?:post-?operative\s+)?follow-?up)?(?!\s+(?:earlier|before|ago|previously|prior))")
FOLLOW_UP_OF = r"\b" + _NUM + _UNIT + r"\s+(?:of\s+)?follow-?up"
BEFORE = (r"\b" + _NUM + _UNIT + r"\s+(?:earlier|before(?:\s+(?:presentation|admission|this))?|ago|previously|prior"
          r"(?:\s+to\s+(?:presentation|admission))?)")
POST_OP_DAY = (r"\b(?:on\s+)?(?:the\s+)?(?P<ord>" + "|".join(ORDINAL_DAYS) + r"|\d{1,2}(?:st|nd|rd|th)?)\s+"
               r"post-?operative\s+day|\bpost-?operative\s+day\s+(?P<n>\d{1,2})|\bPOD\s?(?P<n2>\d{1,2})")
AFTER_ANCHOR = (r"\b(?:after|following|since)\s+" + _ANCHOR + r"\b|\bpost-?operative(?:ly)?\b|\bafter the second "
                r"operation")
PRESENTATION = (r"\bpresent(?:ed|s|ing|ation)\b|\badmi(?:tted|ssion)\b|\bon examination\b|\breferred (?:to|with)\b|"
                r"\bat (?:the )?(?:initial |first )?(?:visit|consultation|referral)|\bcame to\b")
HISTORY = r"\bhistory of\b|\bpreviously\b|\bprior\b|\bearlier\b|\byears? ago\b|\bpast\b|\bhad (?:undergone|had|received)\b"

#: calendar dates: "on 3 March 2019", "March 3, 2019", "2019-03-03" (exact); "in May 2018" (that month);
#: "in 2015" (that year). Numeric day/month dates ("03/05/2019") are not read: the order of day and
#: month differs between countries, so the date would be a guess.
MONTHS = {"january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
          "september": 9, "october": 10, "november": 11, "december": 12, "jan": 1, "feb": 2, "mar": 3, "apr": 4,
          "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9, "oct": 10, "nov": 11, "dec": 12}
_MONTH = r"(?P<m>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
DATE_EXACT = (r"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?" + _MONTH + r",?\s+" + _YEAR + r"\b|\b"
              + _MONTH.replace("(?P<m>", "(?P<m2>") + r"\s+(?P<d2>[0-3]?\d)(?:st|nd|rd|th)?,?\s+"
              + _YEAR.replace("(?P<y>", "(?P<y2>") + r"\b|\b(?P<y3>(?:19|20)\d{2})-(?P<m3>[01]\d)-(?P<d3>[0-3]\d)\b")
DATE_MONTH = (r"\b(?:in|during|by the end of|at the end of|early in|late in)?\s*(?:early\s+|mid-?\s*|late\s+)?"
              + _MONTH + r",?\s+" + _YEAR + r"\b")
DATE_YEAR = r"\b(?:in|during)\s+(?:early\s+|mid-?\s*|late\s+)?" + _YEAR + r"\b(?!\s*(?:Gy|mg|patients|cases|%))"
#: "survived for more than 7.5 years": alive at least that long after the presentation (no upper bound)
SURVIVED = (r"\b(?:surviv(?:ed|es|ing)\s+(?:for\s+)?|alive (?:for )?)(?:more than|over|at least|longer than)\s+"
            + _NUM + _UNIT)
