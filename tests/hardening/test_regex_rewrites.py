"""The linear rewrites of once-quadratic patterns (issue 19.4) give what the old patterns
gave: the same split, substitution, matches and groups on every generated string.

Each old pattern is written here as it was; a leading ``\\s*`` became
``(?:(?<!\\s)\\s*)?`` (white space is taken only from where a run starts, so ``search``
no longer rescans the run from each of its positions).
"""

from __future__ import annotations

import random
import re
from typing import Any

import pytest

from refkit.cite.particles import trailing_lowercase
from refkit.lint.rules.structure import _top_level_and
from refkit.manuscript.matching import _parties

_TOKENS = (
    " ", " ", "  ", "\n", "\t", ",", "&", "-", "–", "—", "−", "‐", "and", "And", "v", "vs",
    "v.", "ed", "edition", "edn", "(", ")", "[", "]", "2020", "1999", "12", "5", "a", "X",
    "Jan", "pp.", "p.", "p", "available", "at", "from", "online", "report", "Report", "no.",
    "nr", ":", "or", "5th", "#", "/", "--", "retrieved", "Working", "Paper", "Technical",
    "tech.", ".", ";", "2nd", "rev.", "Aufl.", "(at line 3, column 4)", "TR-2004-12", "A1",
    ", supplementing", "b",
)  # fmt: skip
_RANDOM = random.Random(19)
_SAMPLES = [
    "".join(_RANDOM.choice(_TOKENS) for _ in range(_RANDOM.randint(0, 12))) for _ in range(1500)
]

_LEAD = r"(?:(?<!\s)\s*)?"
#: (old pattern, new pattern, flags).
_PAIRS = [
    (r"\s*([,&\-\u2013]|\band\b)\s*", _LEAD + r"([,&\-\u2013]|\band\b)\s*", 0),
    (r"(\s*[,&]\s*)", r"(" + _LEAD + r"[,&]\s*)", 0),
    (r"\s*-\s*", _LEAD + r"-\s*", 0),
    (r"\s+-\s+", r"(?<!\s)\s+-\s+", 0),
    (r"\s*\(at line (\d+), column (\d+)\)$", _LEAD + r"\(at line (\d+), column (\d+)\)$", 0),
    (r"\s+and\s+", r"(?<!\s)\s+and\s+", re.I),
    (r"\s*(?:-+|–|—|−)\s*", _LEAD + r"(?:-+|–|—|−)\s*", 0),
    (r"\s+\d{4}$", r"(?<!\s)\s+\d{4}$", 0),
    (
        r"[\s,;.]*\b(?:available|retrieved|accessible)\s+(?:at|from|online)\s*:?\s*$",
        r"(?:(?<![\s,;.])[\s,;.]*)?\b(?:available|retrieved|accessible)\s+(?:at|from|online)"
        r"\s*:?\s*$",
        re.I,
    ),
    (
        r"[\s,.]*[(\[](?P<year>(?:1[5-9]\d\d|20\d\d)[a-z]?)[)\]][.,;:]?\s*$",
        r"(?:(?<![\s,.])[\s,.]*)?[(\[](?P<year>(?:1[5-9]\d\d|20\d\d)[a-z]?)[)\]][.,;:]?\s*$",
        0,
    ),
    (
        r"^(?P<body>.+?)\s+(?P<genre>(?:Working|Technical)\s+(?:Paper|Report)s?)$",
        r"^(?P<body>.+?)(?:(?<!\s)|(?<=^\s))\s+(?P<genre>(?:Working|Technical)\s+(?:Paper|Report)s?)$",
        0,
    ),
    (r"[\s,]+pp?\.\s*\S+$", r"(?<![\s,])[\s,]+pp?\.\s*\S+$", 0),
    (r"\W*\b(?:available|retrieved)\b.*$", r"(?:(?<!\W)\W*)?\b(?:available|retrieved)\b.*$", re.I),
    (r"\s*[-–—‐]+\s*", _LEAD + r"[-–—‐]+\s*", 0),
    (r"\s*(?:ed|edn|edition)\.?$", _LEAD + r"(?:ed|edn|edition)\.?$", re.I),
    (r"\s+(?:v\.|vs\.?|v)\s+", r"(?<!\s)\s+(?:v\.|vs\.?|v)\s+", 0),
    (
        r"(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+)?([A-Za-z]+)\.?\s*(\d{1,2})?,?\s+(\d{4})",
        r"(?:(\d{1,2})(?:st|nd|rd|th)?\.?\s+)?([A-Za-z]+)\.?(?:\s*(\d{1,2}),?|\s*,)?\s+(\d{4})",
        0,
    ),
    (
        r"^(?P<vol>[\w.]+?)\s*(?:\((?P<iss>[^()]+)\)|[,.]?\s*(?:no|nr|issue|n°)\.?\s*"
        r"(?P<iss2>[\w\-–/]+))\s*(?::\s*(?P<pages>\S+))?$",
        r"^(?P<vol>[\w.]+?)\s*(?:\((?P<iss>[^()]+)\)|(?:[,.]\s*)?(?:no|nr|issue|n°)\.?\s*"
        r"(?P<iss2>[\w\-–/]+))\s*(?::\s*(?P<pages>\S+))?$",
        re.I,
    ),
    (r"\s*[-\u2013,&]\s*", _LEAD + r"[-\u2013,&]\s*", 0),
    (r"\s*(?:--|–|/)\s*", _LEAD + r"(?:--|–|/)\s*", 0),
    (r"\s*(?:-{2,}|-*[–—]+-*)\s*", _LEAD + r"(?:-{2,}|-*[–—]+-*)\s*", 0),
    (r"\s*[–—]\s*", _LEAD + r"[–—]\s*", 0),
    (
        r"\s*(?::|\(|\)|\bor\b|, supplementing\b|\s[–—]\s)\s*",
        _LEAD + r"(?::|\(|\)|\bor\b|, supplementing\b|\s[–—]\s)\s*",
        0,
    ),
    (r"\s+(?:1[5-9]\d\d|20\d\d)$", r"(?<!\s)\s+(?:1[5-9]\d\d|20\d\d)$", 0),
    (r"\s*(?:,\s*and\b|\band\b|&|,)\s*", _LEAD + r"(?:,\s*and\b|\band\b|&|,)\s*", 0),
    (r"\s*\([^()]*\)", _LEAD + r"\([^()]*\)", 0),
    (r"\s+,", r"(?<!\s)\s+,", 0),
    (r"\s&\s|\s+and\s+(?=[A-Z])", r"\s&\s|(?:(?<!\s)|(?<=&\s))\s+and\s+(?=[A-Z])", 0),
]


def _groups(match: re.Match[str] | None) -> Any:
    return None if match is None else (match.span(), match.groups())


def _uses(pattern: re.Pattern[str], text: str) -> list[Any]:
    """Everything refkit does with a pattern: split (whole and once), sub, finditer,
    search, match and fullmatch."""
    return [
        pattern.split(text),
        pattern.split(text, maxsplit=1),
        pattern.sub("<>", text),
        [_groups(match) for match in pattern.finditer(text)],
        _groups(pattern.search(text)),
        _groups(pattern.match(text)),
        _groups(pattern.fullmatch(text)),
    ]


@pytest.mark.parametrize(("old", "new", "flags"), _PAIRS, ids=[old for old, _, _ in _PAIRS])
def test_a_rewritten_pattern_does_what_the_old_one_did(old: str, new: str, flags: int) -> None:
    """On 1,500 strings of the tokens these patterns look for, every use agrees."""
    before, after = re.compile(old, flags), re.compile(new, flags)
    for text in _SAMPLES:
        assert _uses(after, text) == _uses(before, text), repr(text)


def test_trailing_lowercase_splits_a_given_name_as_the_old_pattern_did() -> None:
    """``trailing_lowercase`` equals ``(.*?)\\s+((?:[a-z]\\S*\\s*)+)`` under fullmatch."""
    old = re.compile(r"(.*?)\s+((?:[a-z]\S*\s*)+)")
    pieces = (" ", "  ", "\n", "van", "der", "X", "Ludwig", "de", "la", "é", "-", ".", "B", "{x}")
    rng = random.Random(7)
    for _ in range(4000):
        given = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        match = old.fullmatch(given)
        assert trailing_lowercase(given) == (match and (match.group(1), match.group(2)))


def test_parties_split_a_case_name_as_the_old_pattern_did() -> None:
    """``_parties`` equals ``\\s*(?P<a>.+?)\\s+vs?\\.?\\s+(?P<b>.+?)\\s*`` under fullmatch,
    except where that pattern made a party of white space alone (then: no case)."""
    old = re.compile(r"\s*(?P<a>.+?)\s+v(?:s)?\.?\s+(?P<b>.+?)\s*")
    pieces = (" ", "  ", "\n", "v", "vs", "v.", "vs.", "Smith", "Jones", "a", ".", "s", "\t")
    rng = random.Random(7)
    for _ in range(4000):
        title = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 9)))
        match = old.fullmatch(title)
        expected = match and (match.group("a"), match.group("b"))
        if expected and not (expected[0].strip() and expected[1].strip()):
            expected = None
        assert _parties(title) == expected, repr(title)


def test_top_level_and_is_found_where_the_old_pattern_found_it() -> None:
    """The first white space ``\\s+and\\s+`` matches at outside braces, as before."""
    old = re.compile(r"\s+and\s+")

    def before(content: str) -> int | None:
        depth = 0
        for index, char in enumerate(content):
            if char == "{":
                depth += 1
            elif char == "}":
                depth -= 1
            elif depth == 0 and char.isspace() and old.match(content, index):
                return index
        return None

    for text in [*_SAMPLES, "{a and b} and c", "a  and  b", "{ and }  and x"]:
        assert _top_level_and(text) == before(text), repr(text)


def test_module_patterns_are_the_rewritten_ones() -> None:
    """The module globals among the pairs are the new patterns (the pairs test them)."""
    from refkit.cite.csl import numbers
    from refkit.lookup import normalize
    from refkit.refparse import csl
    from refkit.refparse import numbers as refparse_numbers

    news = {new for _, new, _ in _PAIRS}
    assert numbers._SPLIT.pattern in news
    assert normalize._PAGE_SPLIT.pattern in news
    assert csl._VOLUME_ISSUE.pattern in news
    assert refparse_numbers._TRAILING_YEAR_RE.pattern.startswith(r"(?:(?<![\s,.])[\s,.]*)?")
