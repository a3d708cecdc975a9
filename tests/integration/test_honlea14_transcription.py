"""The shipped HONLEA Europe 14 data set checked against the note it was transcribed from.

The note is read from ``../shared/seeds``. Its paragraphs are parsed here again, simply and without the
transcription script's code, so that a mistake in the script cannot hide itself.
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

import polars as pl
import pytest

from dashboard.meetings import CATEGORIES, SUMMARY_MAX_CHARS, load_meeting

REPO_ROOT = Path(__file__).resolve().parents[2]
NOTE = REPO_ROOT.parent / "shared" / "seeds" / "002_6d751248683f2d56.txt"
DATA = REPO_ROOT / "data" / "meetings" / "honlea_europe_14_2022"


def read_note() -> dict[int, tuple[int | None, str]]:
    """paragraph number -> (issue number, text), page footers and footnotes left out."""
    assert NOTE.is_file(), f"the seed note is expected at {NOTE}"
    paragraphs: dict[int, list] = {}
    issue = None
    last = None
    for line in NOTE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        heading = re.match(r"Issue (\d+)\. ", line)
        if heading:
            issue, last = int(heading.group(1)), None
            continue
        numbered = re.match(r"(?:- )?(\d+)\. (.*)", line)
        if numbered:
            last = int(numbered.group(1))
            paragraphs[last] = [issue, numbered.group(2)]
        elif last is not None and not re.match(r"V\.22-10419|\^\{|Recommendation \(|[IVX]+\. ", line):
            paragraphs[last][1] += " " + line
    return {number: (i, text) for number, (i, text) in paragraphs.items()}


def names_before_reported(text: str) -> list[str]:
    subject = text.split(" reported")[0]
    names = [n for part in subject.split(", ") for n in part.split(" and ")]
    return [re.sub(r"^(the|The) ", "", n.strip()) for n in names if n.strip()]


@pytest.fixture(scope="module")
def note() -> dict[int, tuple[int | None, str]]:
    return read_note()


@pytest.fixture(scope="module")
def expected(note) -> dict:
    """Recommendations and replies as the note has them, with letters counted within each issue."""
    recommendations, replies = {}, []
    letter_count: Counter[int] = Counter()
    current = None
    for number in range(4, 298):
        issue, text = note[number]
        if " reported" not in text:  # a recommendation: no Government reports anything in it
            letter = "abcdefgh"[letter_count[issue]]
            letter_count[issue] += 1
            current = (issue, letter)
            recommendations[number] = (issue, letter, text)
        else:
            replies += [(number, current, name) for name in names_before_reported(text)]
    return {"recommendations": recommendations, "replies": replies}


@pytest.fixture(scope="module")
def shipped():
    return load_meeting(DATA)


def short(name: str) -> str:
    return re.sub(r"^(the|The) ", "", name)


def test_every_paragraph_from_4_to_297_is_there_once(shipped, note) -> None:
    rec_paragraphs = shipped.recommendations["paragraph"].to_list()
    reply_paragraphs = set(shipped.replies["paragraph"].to_list())
    assert len(rec_paragraphs) == len(set(rec_paragraphs))
    assert not set(rec_paragraphs) & reply_paragraphs
    assert set(rec_paragraphs) | reply_paragraphs == set(range(4, 298))
    assert all(number in note for number in range(4, 298))


def test_no_paragraph_number_is_invented(shipped, note) -> None:
    used = set(shipped.recommendations["paragraph"]) | set(shipped.replies["paragraph"])
    assert used <= set(note)
    assert min(used) == 4 and max(used) == 297


def test_thirteen_recommendations_with_their_text(shipped, expected, note) -> None:
    recs = shipped.recommendations
    assert recs.height == 13
    assert sorted(expected["recommendations"]) == recs["paragraph"].to_list()
    for row in recs.iter_rows(named=True):
        issue, letter, text = expected["recommendations"][row["paragraph"]]
        assert (row["issue_number"], row["recommendation_letter"]) == (issue, letter)
        assert " ".join(row["text"].split()) == " ".join(text.split())
    per_issue = Counter(recs["issue_number"].to_list())
    assert per_issue == {1: 3, 2: 3, 3: 3, 4: 4}


def test_issue_titles_match_the_headings(shipped) -> None:
    headings = dict(re.findall(r"^Issue (\d+)\. (.+)$", NOTE.read_text(encoding="utf-8"), flags=re.MULTILINE))
    for issue, title in shipped.recommendations.select("issue_number", "issue_title").unique().iter_rows():
        assert headings[str(issue)].strip() == title


def test_each_paragraph_gives_one_reply_per_government(shipped, expected) -> None:
    from_note = Counter((number, name) for number, _, name in expected["replies"])
    from_data = Counter(
        (r["paragraph"], short(r["country_name_as_written"])) for r in shipped.replies.iter_rows(named=True)
    )
    assert from_data == from_note
    assert shipped.replies.height == len(expected["replies"]) == 296


def test_multi_government_paragraphs(shipped, note) -> None:
    p292 = shipped.replies.filter(pl.col("paragraph") == 292)
    assert p292.height == 15
    assert p292["country_iso3"].n_unique() == 15
    assert sorted(short(n) for n in p292["country_name_as_written"]) == sorted(names_before_reported(note[292][1]))
    assert set(shipped.replies.filter(pl.col("paragraph") == 133)["country_iso3"]) == {"CZE", "ROU"}
    assert p292["summary"].n_unique() == 1 and p292["category"].n_unique() == 1


def test_replies_per_recommendation_match_the_note(shipped, expected) -> None:
    from_note = Counter(rec for _, rec, _ in expected["replies"])
    from_data = Counter(shipped.replies.select("issue_number", "recommendation_letter").rows())
    assert from_data == from_note


def test_replies_per_country_match_the_note(shipped, expected) -> None:
    from_note = Counter(name for _, _, name in expected["replies"])
    from_data = Counter(short(n) for n in shipped.replies["country_name_as_written"])
    assert from_data == from_note
    assert len(from_note) == 26


def test_names_and_codes_correspond_one_to_one(shipped) -> None:
    pairs = {(short(n), c) for n, c in shipped.replies.select("country_name_as_written", "country_iso3").rows()}
    assert len({n for n, _ in pairs}) == len({c for _, c in pairs}) == len(pairs) == 26


def test_replying_governments_are_those_of_paragraph_3(shipped, note) -> None:
    listed = note[3][1].split("the Governments of ")[1].rstrip(".")
    names = [short(n) for part in listed.split(", ") for n in part.split(" and ")]
    assert len(names) == 26
    code_of = {short(n): c for n, c in shipped.replies.select("country_name_as_written", "country_iso3").rows()}
    assert shipped.replying_iso3 == [code_of[n] for n in names]
    assert set(shipped.replying_iso3) == set(shipped.replies["country_iso3"])
    assert shipped.invited_iso3 is None  # the note does not list the invited Governments


def test_summaries_and_categories_are_sound(shipped, note) -> None:
    for row in shipped.replies.iter_rows(named=True):
        assert 0 < len(row["summary"]) <= SUMMARY_MAX_CHARS, row["paragraph"]
        assert row["category"] in CATEGORIES
        assert short(row["country_name_as_written"]) in note[row["paragraph"]][1]


@pytest.mark.parametrize(
    ("paragraph", "category"),
    [
        (21, "no_jurisdiction"),  # Serbia: "had no jurisdiction"
        (245, "reported_elsewhere"),  # Belgium: "reported under recommendation (a)"
        (276, "reported_elsewhere"),  # Hungary: "under issue 3, recommendation (c)"
        (293, "no_information"),  # Denmark: "not been possible to obtain information ... within the deadline"
        (16, "action_planned"),  # Latvia: "planning to establish"
        (58, "not_implemented"),  # Finland: no training owing to COVID-19
        (207, "action_reported"),  # Latvia: no joint team, "however" information exchange
        (5, "action_reported"),
    ],
)
def test_categories_of_telling_paragraphs(shipped, note, paragraph: int, category: str) -> None:
    assert set(shipped.replies.filter(pl.col("paragraph") == paragraph)["category"]) == {category}


def test_meeting_facts_are_in_the_note(shipped) -> None:
    text = NOTE.read_text(encoding="utf-8")
    info = shipped.info
    assert info["title"] in text
    assert info["document_symbol"] in text and info["job_number"] in text
    assert f"{info['place']}, 12–15 September 2022" in text
    assert str(info["start_date"]) == "2022-09-12" and str(info["end_date"]) == "2022-09-15"
    assert text.startswith("8 July 2022") and str(info["source_document_date"]) == "2022-07-08"


def test_committed_csvs_match_a_fresh_transcription() -> None:
    script = REPO_ROOT / "scripts" / "transcribe_honlea14.py"
    done = subprocess.run([sys.executable, str(script), "--check"], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, f"run {script.name} and commit the CSVs:\n{done.stdout}{done.stderr}"
