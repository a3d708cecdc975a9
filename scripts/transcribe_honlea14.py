"""Transcribe the UNODC note for the Fourteenth Meeting of HONLEA, Europe (2022) into the meeting CSV files.

The note (``../shared/seeds/002_6d751248683f2d56.txt``, read at build time, never copied) holds 4 issues,
13 recommendations and the replies of 26 Governments in paragraphs 4 to 297. This script parses it and writes
``data/meetings/honlea_europe_14_2022/{meeting,recommendations,replies}.csv``; those CSVs are the shipped data.

What is parsed and what is decided by hand:

* Parsed: paragraphs (including the two that continue across a page break), issue titles, recommendation texts
  (paragraphs that open with "Governments were encouraged" or "It was recommended"), their letters (counted within
  each issue and checked against every "Recommendation (x)" heading the note prints), the Governments named before
  "reported" (one row each), and the meeting's dates and symbols (checked against the text).
* By hand: ``NAME_TO_ISO3`` (the Governments' names as written), ``SUMMARY_OVERRIDES`` (short summaries of the
  replies longer than 200 characters; the others are the reply sentence itself without its subject),
  ``CATEGORY_RULES`` (keyword rules, first match wins) and ``CATEGORY_OVERRIDES`` (each with its reason).
  docs/meeting-replies.md explains the categories.

Usage, from the repository root::

    .venv/bin/python scripts/transcribe_honlea14.py           # (re)write the CSVs
    .venv/bin/python scripts/transcribe_honlea14.py --check   # exit 1 when the committed CSVs differ
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
if str(REPO_ROOT) not in sys.path:
    sys.path.insert(0, str(REPO_ROOT))

import polars as pl  # noqa: E402

from dashboard.meetings import (  # noqa: E402
    CATEGORIES,
    MEETING_SCHEMA,
    RECOMMENDATION_SCHEMA,
    REPLY_SCHEMA,
    SUMMARY_MAX_CHARS,
    Meeting,
    load_meeting,
    write_meeting,
)

SEED = REPO_ROOT.parent / "shared" / "seeds" / "002_6d751248683f2d56.txt"
MEETING_ID = "honlea_europe_14_2022"
OUT_DIR = REPO_ROOT / "data" / "meetings" / MEETING_ID
FIRST_PARAGRAPH, LAST_PARAGRAPH = 4, 297

# Names as the note writes them (without a leading "the"), checked by hand against the list in paragraph 3.
NAME_TO_ISO3: dict[str, str] = {
    "Albania": "ALB",
    "Azerbaijan": "AZE",
    "Belarus": "BLR",
    "Belgium": "BEL",
    "Bulgaria": "BGR",
    "Czechia": "CZE",
    "Denmark": "DNK",
    "Finland": "FIN",
    "France": "FRA",
    "Germany": "DEU",
    "Hungary": "HUN",
    "Ireland": "IRL",
    "Kyrgyzstan": "KGZ",
    "Latvia": "LVA",
    "Lithuania": "LTU",
    "Poland": "POL",
    "Republic of Moldova": "MDA",
    "Romania": "ROU",
    "Russian Federation": "RUS",
    "Serbia": "SRB",
    "Slovakia": "SVK",
    "Spain": "ESP",
    "Sweden": "SWE",
    "Tajikistan": "TJK",
    "Türkiye": "TUR",
    "Turkmenistan": "TKM",
}

# Category keyword rules, tried in this order on the reply text after "<Government> reported"; the first match
# decides. A reply no rule matches is "action_reported". docs/meeting-replies.md states the same rules in words.
CATEGORY_RULES: list[tuple[str, str, re.Pattern[str]]] = [
    (
        "reported_elsewhere",
        "reported under another (issue's) recommendation",
        re.compile(r"^under (?:issue \d+, )?recommendation \([a-z]\)", re.IGNORECASE),
    ),
    (
        "no_information",
        "information could not be obtained or was not available in time",
        re.compile(r"not been possible to obtain information|no information (?:was|had been) (?:available|obtained)"),
    ),
    (
        "no_jurisdiction",
        "the matter is outside the replying authority's competence",
        re.compile(
            r"\bno jurisdiction\b|\bnot within (?:its|their) competence\b"
            r"|\bunder the (?:jurisdiction|competence) of\b"
        ),
    ),
    (
        "not_applicable",
        "the recommendation does not apply to the Government",
        re.compile(r"\bnot applicable\b|\bdid not apply\b|\bwas not relevant\b"),
    ),
    (
        "not_implemented",
        "the measure has not been taken, or the law does not allow it",
        re.compile(
            r"\bhad not (?:yet )?been\b|\bhad not been yet\b|\bno \w+ activities had been\b|\bnot permitted\b"
            r"|\bdid not provide for\b|\bimpossible\b"
        ),
    ),
    (
        "action_planned",
        "a measure is planned, being prepared or under consideration",
        re.compile(r"\bplann(?:ing|ed) to\b|\bhad planned\b|\b(?:was|were) preparing\b|\bconsider(?:ing|ed)\b"),
    ),
    (
        "view_expressed",
        "a view, an assessment or a readiness to act, without a measure",
        re.compile(r"\bshould be\b|\bwas problematic\b|\bready to take part\b"),
    ),
]
DEFAULT_CATEGORY = "action_reported"

# Replies where the keyword rules are wrong: paragraph -> (category, reason). Applies to every Government the
# paragraph names. The script fails when an override agrees with the rules (it would be stale).
CATEGORY_OVERRIDES: dict[int, tuple[str, str]] = {
    45: (
        "no_jurisdiction",
        "Serbia names the Ministry of the Interior as the competent body instead of reporting a measure (compare "
        "paragraphs 121 and 166, where the rules see 'under the jurisdiction of')",
    ),
    137: ("action_planned", "artificial intelligence components 'would be provided': future, not yet in place"),
    207: (
        "action_reported",
        "no joint investigation team in the period, 'however' information exchange on demand is ensured",
    ),
    230: (
        "view_expressed",
        "Lithuania states that multisectoral cooperation 'was key' for drug policies: a principle, no measure named",
    ),
}

# Hand-written summaries for the replies whose sentence is longer than SUMMARY_MAX_CHARS once its subject is
# dropped (the others are that sentence itself). Faithful to the note, plain language, checked by hand.
SUMMARY_OVERRIDES: dict[int, str] = {
    5: "Its customs officials took part in an online seminar on cybercrime investigation held by the investigative "
    "office of the United States Department of State, 7–9 December 2021.",
    13: "Reported on cooperation frameworks between the Financial Intelligence Unit and both the national law "
    "enforcement agency and the Federal Financial Supervisory Authority.",
    15: "Its Service for Combating Drug Trafficking regularly attended international training and seminars on drug "
    "offences committed using information and financial technologies and offshore jurisdictions.",
    19: "Its law enforcement entities cooperated with international law enforcement agencies, financial entities "
    "and the private sector to identify and investigate persons using cryptocurrencies.",
    24: "Cooperation between law enforcement agencies and financial intelligence units was established, and "
    "bilateral and multilateral agreements were concluded with partner States' agencies.",
    25: "Six operations (2015–2022) against the dissemination of drugs through the Internet and social media led "
    "to the detention of 534 persons and the reporting of 21 websites.",
    26: "State policy aimed to foster inter- and intra-agency coordination and to strengthen investigative bodies "
    "against drug, psychotropic substance and precursor offences.",
    29: "Its customs authorities regularly took part in international and regional drug law enforcement "
    "deliberations facilitated by a committee of the CIS Council of Heads of Customs Services.",
    33: "It shared good practices through the SIENA network and attended several good-practice events of the "
    "European Multidisciplinary Platform against Criminal Threats (EMPACT).",
    35: "A meeting of European Union national drug coordinators on drugs in the digital age was held on "
    "8 April 2022, with three round tables to exchange good practices.",
    38: "Technical sectors of its State Coordinating Committee for drug control held annual joint meetings on the "
    "recommendations of the CND, WHO and other bodies, to strengthen coordination.",
    39: "Reported on an international project developing and applying innovative and proactive tools to combat drug "
    "trafficking organization in European Union Member States.",
    44: "Anti-money-laundering agencies regularly cooperated to identify new challenges and threats in time and to "
    "develop countermeasures.",
    46: "Under the Slovak presidency of the V4 platform, the national police worked with other Member States on a "
    "solution for legislation on new psychoactive substances.",
    47: "Information exchange and intelligence-sharing had increased with police forces of third countries and "
    "within Europol and INTERPOL, particularly on new technologies.",
    48: "The Police Authority took an active part in regional meetings on exchanging information and good "
    "practices, hosted by Europol, Nordic police and customs cooperation and the Baltic Task Force.",
    49: "It shared its experience in combating drugs and preventing drug abuse at meetings of the United Nations, "
    "SCO, CSTO and the Central Asian Regional Information and Coordination Centre.",
    50: "Its Police Counter Narcotics Department regularly attended HONLEA meetings, the Subcommission on Illicit "
    "Drug Traffic in the Near and Middle East and similar regional initiatives.",
    51: "The Prosecutor General's Office annually collected and analysed information on measures against drug "
    "trafficking and discussed the findings at meetings of its Board.",
    54: "Its customs and police officials had not yet attended UNODC training, but had followed European "
    "Union-wide courses organized by CEPOL, Europol and OLAF.",
    62: "The UNODC field office regularly conducted training on drug dealing facilitated by information "
    "technologies, modern payment instruments, money-laundering and cryptocurrency.",
    65: "14 training sessions and webinars were held in 2020 and 2021 for its drug crime investigation directorate, "
    "on cybercrime, emerging markets, money laundering, synthetic drugs and more.",
    73: "Considered that system-wide basic training on new communication tools, the darknet and cryptocurrencies "
    "should be organized by UNODC with OSCE and the Eurasian Group.",
    75: "UNODC and the OSCE Centre in Ashgabat had organized a number of international training events for "
    "national law enforcement agencies on combating drug and precursor trafficking.",
    77: "Reported strong cooperation between the State police and customs, between counter-narcotics structures "
    "and the border police, and between the State police and the Ministry of Health.",
    80: "Reported on intensive operational cooperation between customs, the federal police and the Public Prosecutor "
    "in the ports of Antwerp, Zeebrugge and Ghent and at the airports of Brussels.",
    81: "Reported close cooperation between the Ministry of the Interior and the Customs Agency, and with private "
    "firms including courier and logistics companies, telecom operators and exporters.",
    82: "Cooperation agreements had been signed with the private sector, including shipping companies, exporters, "
    "postal and courier services, and the chemical and pharmaceutical industries.",
    90: 'Reported on the international project "Development and application of innovative and proactive tools to '
    'combat drug trafficking organization in European Union Member States".',
    94: "As part of cooperation with postal and express courier services, training was given on detecting packages "
    "with illegal contents and on what to do when such packages are found.",
    96: "Its Police-Customs Cooperation Unit was responsible for strengthening police-customs cooperation and for "
    "detecting drug-related crime within airport, postal and courier services.",
    101: "Its law enforcement agencies cooperated closely with the private sector, including shipping companies, "
    "exporters and postal and courier services, in drug trafficking cases.",
    107: "Stated that the platforms of regional and international law enforcement cooperation organizations should "
    "be actively used for threat assessments and investigations.",
    119: "It used all regional and international platforms for cooperation, including for threat assessments, "
    "investigations of specific cases and post-seizure investigations.",
    123: "Reported frequent use of multilateral platforms such as those of Europol and INTERPOL to exchange "
    "operational information and intelligence, especially for ongoing investigations.",
    130: "Active use was made of a risk analysis and management system, non-intrusive inspection and modern customs "
    "control technologies when checking international mail.",
    138: "A working group on artificial intelligence had been set up to use the data assets of the National Tax and "
    "Customs Administration.",
    140: "An analytics centre with the latest analytics software (including ArcGIS, ArcCatalog and Social Grabber) "
    "had been set up in the Service for Combating Drug Trafficking.",
    146: "A Division of Analysis had been set up in the Police Counter Narcotics Department to, inter alia, identify "
    "crime methods and make criminal investigations faster and more effective.",
    150: "National legislation provided for the seizure of non-controlled chemicals where there were grounds to "
    "suspect their use in the illicit manufacture of drugs.",
    154: 'The police were aware of the "catch all" clause and worked closely with the Customs Agency to prevent '
    "substances being used to produce illicit drugs.",
    156: 'It had been applying the "catch all" clause to flows of non-scheduled precursor chemicals clearly at risk '
    "of diversion for manufacturing synthetic drugs.",
    158: "Competent authorities could obtain information on orders of non-scheduled substances and inspect "
    "companies' premises for evidence of the licit use of those substances.",
    159: "The National Police Service regularly assisted the Revenue Customs and the Health Product Regulatory "
    "Authority in investigating and seizing non-controlled chemicals.",
    170: "Precursors listed in Schedule 4 of the national Act on Narcotic Drugs were seized immediately when there "
    "was evidence that they were meant for illicit drug manufacture.",
    174: "The national competent authority and the Customs Service regularly visited private operators to raise "
    "awareness of the risks of diversion of controlled and non-controlled substances.",
    180: "The Joint Customs and Police Precursor Monitoring Unit had worked closely with economic operators for many "
    "years and exchanged information continuously with Chemical Associations.",
    181: "Its national competent authority collected information from operators on ephedrine, acetic anhydride and "
    "potassium permanganate every two months, and on non-scheduled substances yearly.",
    182: "The Service for Combating Drug Trafficking was preparing a draft plan for a national warning system on new "
    "synthetic drugs and new psychoactive substances.",
    183: "Cooperation with the private sector was mainly defined in the law on the legal trade of narcotic and "
    "psychotropic substances, medicinal products and precursors.",
    184: "Since 2014, the Criminal Police Bureau had cooperated with chemical distribution companies, which "
    "voluntarily gave information on the circulation of uncontrolled substances.",
    185: "National legislation obliged the private sector to cooperate where trade in certain category 1 and 2 "
    "chemicals was likely to be aimed at a drug offence.",
    186: "National authorities constantly cooperated with the private sector, including to enhance the regulation of "
    "controlled and non-controlled substances usable to make drugs.",
    188: "The Ministry of Health was in permanent contact with all legal entities producing or trading controlled "
    "psychoactive substances and precursors, through periodic reports.",
    190: "A voluntary cooperation agreement had been concluded with the private sector on reporting suspicious "
    "transactions in non-controlled substances on surveillance lists.",
    192: "In 2021, the Drug Control Agency had held workshops and training courses on drug trade legislation where "
    "relevant business entities operated.",
    199: "The Customs Administration cooperated on information exchange, joint investigations and controlled "
    "deliveries in precursor cases, nationally, internationally and bilaterally.",
    202: "Without provisions for adversarial proceedings and rights of defence in European Union instruments, "
    "controlled delivery and searches could not be used, ruling out judicial cooperation.",
    203: "Several controlled deliveries of scheduled and/or non-scheduled substances to the Netherlands, from Germany "
    "or through Germany from Eastern Europe, had been carried out.",
    204: "The customs service used several platforms for information sharing and cooperation, such as the CIS+ "
    "module of the Anti-Fraud Information System.",
    216: "The Drug Control Agency and the Customs Service used CENcomm, a secure platform, to exchange information "
    "and conduct joint operations, including against precursor trafficking.",
    220: "Reported the adoption of an integrated action plan for 2021–2022 to counter drug trafficking, prevent drug "
    "use and strengthen the social rehabilitation of drug-dependent persons.",
    224: "The ministries of health, justice, social affairs, foreign affairs and taxation kept frequent informal "
    "contacts to coordinate the implementation of the drug policy.",
    228: "Technical sectors of the State Coordinating Committee for drug control held annual joint meetings on "
    "prevention, including among prisoners and young people.",
    234: "The Ministry of the Interior, with the Prosecutor-General's Office and the ministries of health and "
    "education, acted against drug trafficking in schools and drug crime among adolescents.",
    238: "The Police Authority took part in and hosted the joint government initiative of 12 national authorities "
    "against organized crime, including the illicit trade in drugs.",
    250: "The Interministerial Mission for Combating Drugs and Addictive Behaviours implemented the National Plan of "
    "Action against Addiction, involving all relevant sectors.",
    255: "Reported the adoption of the National Anti-Drug Strategy 2020–2027 and Action Plan 2020–2021, ensuring "
    "cooperation among specialized institutions and non-commercial organizations.",
    257: "The Ministry of the Interior had signed cooperation protocols with the ministries of education, health and "
    "justice, with concrete actions for joint prevention and care projects.",
    262: "The Police Authority's Operational Department cooperated closely with the health, education, social, "
    "justice and law enforcement sectors on the drugs market.",
    263: "The Drug Control Agency had prepared, with the relevant ministries and agencies, a revised Government "
    "directive on inter-agency cooperation against drug trafficking.",
    266: "Its counter-narcotics structures had increased international information exchange and developed parallel "
    "operations and investigations with foreign authorities.",
    283: "Its authorities constantly coordinated investigations nationally and cooperated with other Member States, "
    "if necessary, to investigate international organized crime groups.",
    289: "A Division of Analysis had been set up in the Police Counter Narcotics Department to, inter alia, make "
    "criminal investigations faster, more objective and more effective.",
    290: "It had planned activities for 2021–2025 to, inter alia, strengthen drug trafficking legislation and expand "
    "cooperation with the European Union, UNODC, WHO and others.",
    294: "It was party to all international drug control conventions and an active counterpart in judicial and law "
    "enforcement collaboration at all levels.",
}

PARAGRAPH_START = re.compile(r"^(?:-\s+)?(\d{1,3})\.\s+(.*)$")
ISSUE_HEADING = re.compile(r"^Issue (\d+)\.\s+(.*)$")
RECOMMENDATION_HEADING = re.compile(r"^Recommendation \(([a-z])\)$")
NOT_TEXT = re.compile(r"^(?:V\.\d{2}-\d{5}\b.*|\^\{\*+\}.*|[IVX]+\.\s.*)$")  # page footers, footnotes, part headings
RECOMMENDATION_OPENINGS = ("Governments were encouraged", "It was recommended")


@dataclass
class Paragraph:
    number: int
    text: str
    issue_number: int | None
    issue_title: str | None
    heading_letter: str | None  # a "Recommendation (x)" heading printed just before this paragraph


def parse_paragraphs(lines: list[str]) -> dict[int, Paragraph]:
    """Numbered paragraphs with the issue they fall under; continuation lines (page breaks) are joined."""
    paragraphs: dict[int, Paragraph] = {}
    current: Paragraph | None = None
    issue: tuple[int, str] | None = None
    pending_letter: str | None = None
    for raw in lines:
        line = raw.strip()
        if not line or NOT_TEXT.match(line):
            continue
        if m := ISSUE_HEADING.match(line):
            issue = (int(m.group(1)), m.group(2).strip())
            current = None
            continue
        if m := RECOMMENDATION_HEADING.match(line):
            pending_letter = m.group(1)
            current = None
            continue
        if m := PARAGRAPH_START.match(line):
            number = int(m.group(1))
            if number in paragraphs:
                raise SystemExit(f"paragraph {number} appears twice")
            current = Paragraph(
                number, m.group(2), issue[0] if issue else None, issue[1] if issue else None, pending_letter
            )
            paragraphs[number] = current
            pending_letter = None
            continue
        if current is not None:  # a paragraph continued after a page footer
            current.text += " " + line
    return paragraphs


def split_names(subject: str) -> list[str]:
    """'Czechia and Romania' -> ['Czechia', 'Romania']; names keep their article as written."""
    return [n.strip() for n in re.split(r",\s*(?:and\s+)?|\s+and\s+", subject) if n.strip()]


def iso3_of(name_as_written: str) -> str:
    key = re.sub(r"^the\s+", "", name_as_written, flags=re.IGNORECASE)
    if key not in NAME_TO_ISO3:
        raise SystemExit(f"no ISO3 for Government name {name_as_written!r}: add it to NAME_TO_ISO3 after checking")
    return NAME_TO_ISO3[key]


def auto_summary(after_reported: str) -> str:
    """The reply sentence without its subject: 'that its officials did X' -> 'Its officials did X.'"""
    text = " ".join(after_reported.split())
    if text.startswith("that "):
        text = text[len("that ") :].replace(" and that ", " and ")  # "that X and that Y" -> "X and Y"
    elif text.startswith(("on ", "under ")):
        text = "Reported " + text
    text = text[0].upper() + text[1:]
    return text if text.endswith(".") else text + "."


def categorise(after_reported: str) -> tuple[str, str]:
    """(category, the rule that decided it) by the keyword rules alone."""
    for category, description, pattern in CATEGORY_RULES:
        if pattern.search(after_reported):
            return category, f"rule: {description}"
    return DEFAULT_CATEGORY, "default: a measure, practice or activity is reported"


def english_date(text: str) -> dt.date:
    """'8 July 2022' -> date(2022, 7, 8)."""
    return dt.datetime.strptime(text, "%d %B %Y").date()


def replying_governments(paragraph: Paragraph) -> tuple[list[str], str]:
    """The ISO3 codes of the Governments paragraph 3 lists as having replied, and the date it gives."""
    listed = re.search(r"replies had been received from the Governments of (.+?)\.$", paragraph.text)
    as_at = re.search(r"As at (\d{1,2} \w+ \d{4}), replies", paragraph.text)
    if not listed or not as_at:
        raise SystemExit("paragraph 3 no longer lists the replying Governments as expected")
    return [iso3_of(n) for n in split_names(listed.group(1))], as_at.group(1)


@dataclass
class Transcription:
    """What the walk through paragraphs 4-297 has found so far."""

    recommendations: list[dict] = field(default_factory=list)
    replies: list[dict] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    letters_used: Counter[int] = field(default_factory=Counter)
    current: tuple[int, str] | None = None  # the recommendation the replies that follow answer
    used_summary: set[int] = field(default_factory=set)
    used_category: set[int] = field(default_factory=set)


def add_recommendation(found: Transcription, number: int, p: Paragraph) -> None:
    letter = "abcdefghij"[found.letters_used[p.issue_number]]
    found.letters_used[p.issue_number] += 1
    if p.heading_letter and p.heading_letter != letter:
        raise SystemExit(f"paragraph {number}: heading says ({p.heading_letter}), count says ({letter})")
    found.current = (p.issue_number, letter)
    found.recommendations.append(
        {
            "meeting_id": MEETING_ID,
            "issue_number": p.issue_number,
            "issue_title": p.issue_title,
            "recommendation_letter": letter,
            "paragraph": number,
            "text": p.text,
        }
    )


def reply_category(found: Transcription, number: int, after: str) -> tuple[str, str]:
    """The category of a reply and what decided it: the keyword rules, or an override with its reason."""
    category, basis = categorise(after)
    if number in CATEGORY_OVERRIDES:
        forced, reason = CATEGORY_OVERRIDES[number]
        if forced == category:
            raise SystemExit(f"override for paragraph {number} agrees with the rules: remove it")
        category, basis = forced, f"override: {reason}"
        found.used_category.add(number)
    return category, basis


def reply_summary(found: Transcription, number: int, after: str) -> str:
    if number in SUMMARY_OVERRIDES:
        found.used_summary.add(number)
        summary = SUMMARY_OVERRIDES[number]
    else:
        summary = auto_summary(after)
    if len(summary) > SUMMARY_MAX_CHARS:
        raise SystemExit(f"paragraph {number}: summary has {len(summary)} characters; write one in SUMMARY_OVERRIDES")
    return summary


def add_reply(found: Transcription, number: int, p: Paragraph) -> None:
    if found.current is None or found.current[0] != p.issue_number:
        raise SystemExit(f"paragraph {number}: a reply before its issue's first recommendation")
    m = re.match(r"^(.+?) reported\b\s*(.*)$", p.text)
    if not m:
        raise SystemExit(f"paragraph {number} is neither a recommendation nor a reply: {p.text[:80]!r}")
    names, after = split_names(m.group(1)), m.group(2)
    category, basis = reply_category(found, number, after)
    summary = reply_summary(found, number, after)
    issue, letter = found.current
    for name in names:
        found.replies.append(
            {
                "meeting_id": MEETING_ID,
                "issue_number": issue,
                "recommendation_letter": letter,
                "country_iso3": iso3_of(name),
                "country_name_as_written": name,
                "paragraph": number,
                "summary": summary,
                "category": category,
            }
        )
    found.log.append(f"{number:>3} {issue}({letter}) {'/'.join(names):<30} {category:<18} {basis}")


def check_decisions(found: Transcription, replying_iso3: list[str]) -> None:
    """Every override is used, every category is known, and the replies name exactly the listed Governments."""
    for name, overrides, used in (
        ("SUMMARY_OVERRIDES", SUMMARY_OVERRIDES, found.used_summary),
        ("CATEGORY_OVERRIDES", CATEGORY_OVERRIDES, found.used_category),
    ):
        unused = sorted(set(overrides) - used)
        if unused:
            raise SystemExit(f"{name} names paragraphs that are not replies: {unused}")
    decided = {c for c, _, _ in CATEGORY_RULES} | {DEFAULT_CATEGORY} | {c for c, _ in CATEGORY_OVERRIDES.values()}
    unknown = decided - set(CATEGORIES)
    if unknown:
        raise SystemExit(f"categories not in dashboard.meetings.CATEGORIES: {unknown}")
    replied = {r["country_iso3"] for r in found.replies}
    silent, extra = set(replying_iso3) - replied, replied - set(replying_iso3)
    if silent or extra:
        raise SystemExit(f"replies do not match paragraph 3: silent {silent}, not listed {extra}")


def transcribe(seed: Path) -> tuple[Meeting, list[str]]:
    lines = seed.read_text(encoding="utf-8").splitlines()
    paragraphs = parse_paragraphs(lines)
    replying_iso3, as_at = replying_governments(paragraphs[3])
    found = Transcription()
    for number in range(FIRST_PARAGRAPH, LAST_PARAGRAPH + 1):
        if number not in paragraphs:
            raise SystemExit(f"paragraph {number} not found in the note")
        p = paragraphs[number]
        if p.issue_number is None:
            raise SystemExit(f"paragraph {number} is under no issue heading")
        if p.text.startswith(RECOMMENDATION_OPENINGS):
            add_recommendation(found, number, p)
        else:
            add_reply(found, number, p)
    check_decisions(found, replying_iso3)
    meeting = Meeting(
        meeting=pl.DataFrame([meeting_row(lines, paragraphs, replying_iso3, as_at)], schema=MEETING_SCHEMA),
        recommendations=pl.DataFrame(found.recommendations, schema=RECOMMENDATION_SCHEMA),
        replies=pl.DataFrame(found.replies, schema=REPLY_SCHEMA),
    )
    return meeting, found.log


def meeting_row(lines: list[str], paragraphs: dict[int, Paragraph], replying_iso3: list[str], as_at: str) -> dict:
    """The meeting's facts, each checked against the note's text so that a different seed cannot slip through."""
    head = [ln.strip() for ln in lines[:20] if ln.strip()]
    title = "Fourteenth Meeting of Heads of National Drug Law Enforcement Agencies, Europe"
    document_title = (
        "Implementation of the recommendations adopted by the Thirteenth Meeting of Heads of National Drug Law "
        "Enforcement Agencies, Europe"
    )
    expected = {
        "8 July 2022": "document date",
        title: "title",
        "Valetta, 12–15 September 2022": "place and dates",
        "Item 4 of the provisional agenda**": "agenda item",
        document_title: "document title",
    }
    for line, what in expected.items():
        if line not in head:
            raise SystemExit(f"the note's {what} is no longer {line!r}")
    text = "\n".join(lines)
    for fact in ("^{**} UNODC/HONEURO/14/1.", "V.22-10419"):
        if fact not in text:
            raise SystemExit(f"{fact!r} not found in the note")
    if "held in Lisbon from 2-5 July 2019" not in paragraphs[1].text:
        raise SystemExit("paragraph 1 no longer dates the Thirteenth Meeting")
    if "dispatched to Governments on 8 April 2022" not in paragraphs[2].text:
        raise SystemExit("paragraph 2 no longer dates the questionnaire")
    return {
        "meeting_id": MEETING_ID,
        "title": title,
        "body": "Heads of National Drug Law Enforcement Agencies (HONLEA), Europe",
        "meeting_number": 14,
        "region": "Europe",
        "place": "Valetta",  # as written in the note (Valletta, Malta)
        "place_country_iso3": "MLT",
        "start_date": dt.date(2022, 9, 12),
        "end_date": dt.date(2022, 9, 15),
        "agenda_item": "4",
        "document_title": document_title,
        "document_symbol": "UNODC/HONEURO/14/1",
        "document_symbol_note": (
            "The only symbol the note prints, in footnote ** to 'Item 4 of the provisional agenda', so it is the "
            "symbol of the provisional agenda; the note itself is identified by its job number V.22-10419."
        ),
        "job_number": "V.22-10419",
        "source_document_date": english_date("8 July 2022"),
        "reviewed_meeting": "Thirteenth Meeting of Heads of National Drug Law Enforcement Agencies, Europe, "
        "Lisbon, 2–5 July 2019",
        "questionnaire_date": english_date("8 April 2022"),
        "replies_as_at": english_date(as_at),
        "invited_iso3": None,  # the note does not list the invited Governments
        "replying_iso3": ";".join(replying_iso3),
        "replying_paragraph": 3,
        "first_paragraph": FIRST_PARAGRAPH,
        "last_paragraph": LAST_PARAGRAPH,
        "source_citation": "UNODC, note by the Secretariat for the Fourteenth Meeting of HONLEA, Europe, 8 July 2022 "
        "(V.22-10419), paragraphs 3-297",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seed", type=Path, default=SEED, help="the note as text (default: %(default)s)")
    parser.add_argument("--out", type=Path, default=OUT_DIR, help="output folder (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="compare with the files in --out instead of writing")
    parser.add_argument("--verbose", action="store_true", help="print every paragraph's category and its basis")
    args = parser.parse_args(argv)
    if not args.seed.is_file():
        print(f"seed note not found: {args.seed}", file=sys.stderr)
        return 2
    meeting, log = transcribe(args.seed)
    if args.verbose:
        print("\n".join(log))
    counts = Counter(meeting.replies["category"].to_list())
    print(
        f"{meeting.recommendations.height} recommendations, {meeting.replies.height} replies "
        f"({meeting.replies['paragraph'].n_unique()} paragraphs), {meeting.replies['country_iso3'].n_unique()} "
        "Governments; " + ", ".join(f"{c} {counts[c]}" for c in CATEGORIES)
    )
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write_meeting(meeting, tmp)
            names = ("meeting.csv", "recommendations.csv", "replies.csv")
            same = all(
                (args.out / n).is_file() and (args.out / n).read_bytes() == (Path(tmp) / n).read_bytes() for n in names
            )
        print("committed files are up to date" if same else f"{args.out} differs from a fresh transcription")
        return 0 if same else 1
    write_meeting(meeting, args.out)
    load_meeting(args.out)  # read back through the loader's validation
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
