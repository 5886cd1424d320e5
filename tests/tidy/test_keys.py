"""``refkit keys``: JabRef / Better BibTeX key patterns, clash suffixes, manuscripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import refkit
from refkit.cli import main
from refkit.core.errors import UsageError
from refkit.tidy.keys import KeyPattern, assign_keys, fold_ascii

BIB = r"""@article{Smith_2020,
  author = {Smith, John and Jones, Ann and Brown, Bo},
  title = {The Deep Learning of Cats},
  year = 2020, pages = {11--20}}
@article{,
  author = {M{\"u}ller, J{\"o}rg and {\O}sterg{\aa}rd, P.},
  title = {On {\"U}ber Things},
  date = {2021-03-01}}
@book{who2019report, author = {{World Health Organization}},
  title = {Report on Health}, year = 2019}
@book{smith2020deep, author = {Smith, Zed}, title = {Deep things}, year = 2020}
@misc{x, author = {von Neumann, John}, title = {A Theory of Games}, year = 1944}
"""


def _key(pattern: str, key: str = "Smith_2020") -> str:
    return KeyPattern(pattern).key_for(refkit.loads(BIB)[key])


@pytest.mark.parametrize(
    ("pattern", "expected"),
    [
        ("[auth][year]", "Smith2020"),
        ("[auth:lower][year][veryshorttitle:lower]", "smith2020deep"),
        ("[authEtAl][shortyear]", "SmithEtAl20"),
        ("[auth.etal]:[year]", "Smith.etal:2020"),
        ("[authors2]", "SmithJonesEtAl"),
        ("[auth3][year]", "Smi2020"),
        ("[authorLast]", "Brown"),
        ("[authIni]", "SJB"),
        ("[shorttitle]", "DeepLearningCats"),
        ("[shorttitle2]", "DeepLearning"),
        ("[title:abbr]", "DLC"),
        ("[camel]", "TheDeepLearningOfCats"),
        ("[firstpage]-[lastpage]", "11-20"),
        ("[auth:upper:truncate3][year]", "SMI2020"),
        ("[entrytype]_[journal][year]", "article_2020"),
    ],
)
def test_markers_and_modifiers_follow_jabref(pattern: str, expected: str) -> None:
    """Each marker and filter gives what JabRef's key generator gives."""
    assert _key(pattern) == expected


def test_accents_are_folded_and_latex_decoded() -> None:
    """``M{\\"u}ller`` becomes Muller, and ``{\\"U}ber`` Uber; ``Ø`` becomes O."""
    bib = refkit.loads(BIB)
    entry = bib.entries[1]
    assert KeyPattern("[auth:lower][year][veryshorttitle:lower]").key_for(entry) == "muller2021uber"
    assert KeyPattern("[authorLast]").key_for(entry) == "Ostergard"
    assert fold_ascii("Straße Æsir") == "Strasse AEsir"


def test_organisations_are_abbreviated_and_von_parts_kept() -> None:
    """A corporate author gives its initials; a von part stays in the family name."""
    assert _key("[auth][year]", "who2019report") == "WHO2019"
    assert _key("[auth][year]", "x") == "VonNeumann1944"


def test_unknown_modifier_is_a_usage_error() -> None:
    """A misspelt filter is refused when the pattern is read."""
    with pytest.raises(UsageError, match="lowr"):
        KeyPattern("[auth:lowr]")


def test_only_missing_and_off_pattern_keys_change_and_clashes_get_suffixes() -> None:
    """Keys of the pattern's shape stay; others are regenerated with a, b, c on clashes."""
    bib = refkit.loads(BIB)
    result = assign_keys([bib], KeyPattern("[auth:lower][year][veryshorttitle:lower]"))
    assert [(change.old, change.new) for change in result.changes] == [
        ("Smith_2020", "smith2020deepa"),
        ("", "muller2021uber"),
        ("x", "vonneumann1944theory"),
    ]
    assert [entry.key for entry in bib.entries][2:4] == ["who2019report", "smith2020deep"]


def test_all_regenerates_every_key_but_keeps_those_already_right() -> None:
    """--all rewrites off-data keys and leaves a key equal to the generated one alone."""
    bib = refkit.loads(BIB)
    result = assign_keys(
        [bib], KeyPattern("[auth:lower][year][veryshorttitle:lower]"), regenerate_all=True
    )
    assert [change.old for change in result.changes] == ["Smith_2020", "", "x"]
    result = assign_keys([bib], KeyPattern("[auth][year]"), regenerate_all=True)
    assert [change.new for change in result.changes] == [
        "Smith2020",
        "Muller2021",
        "WHO2019",
        "Smith2020a",
        "VonNeumann1944",
    ]


def test_keys_command_rewrites_bib_manuscripts_and_writes_the_map(tmp_path: Path) -> None:
    """The bib, the .tex and the .md follow the new keys; the map lists old -> new."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text(
        "See \\cite{Smith_2020, x} and \\citep[p.~5]{x}.\n% \\cite{x} stays\n", encoding="utf-8"
    )
    md = tmp_path / "notes.md"
    md.write_text("As [@x, p. 3] and @Smith_2020 say; `@x` is code.\n", encoding="utf-8")
    keymap = tmp_path / "keys.json"
    code = main(
        [
            "keys",
            str(bib),
            "--manuscript",
            str(tex),
            "--manuscript",
            str(md),
            "--map",
            str(keymap),
            "-q",
        ]
    )
    assert code == 0
    assert "@article{smith2020deepa," in bib.read_text(encoding="utf-8")
    assert tex.read_text(encoding="utf-8") == (
        "See \\cite{smith2020deepa, vonneumann1944theory} and"
        " \\citep[p.~5]{vonneumann1944theory}.\n"
        "% \\cite{x} stays\n"
    )
    assert md.read_text(encoding="utf-8") == (
        "As [@vonneumann1944theory, p. 3] and @smith2020deepa say; `@x` is code.\n"
    )
    mapping = json.loads(keymap.read_text(encoding="utf-8"))
    assert {"old": "x", "new": "vonneumann1944theory", "file": str(bib)} in mapping["keys"]


def test_keys_dry_run_writes_nothing_and_csv_map_has_a_header(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """--dry-run prints the map and leaves the file; the CSV map starts old,new,file."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    assert main(["keys", str(bib), "--dry-run", "-q"]) == 0
    assert bib.read_text(encoding="utf-8") == BIB
    assert "Smith_2020 -> smith2020deepa" in capsys.readouterr().out
    keymap = tmp_path / "keys.csv"
    main(["keys", str(bib), "--map", str(keymap), "-q"])
    assert keymap.read_text(encoding="utf-8").splitlines()[0] == "old,new,file"


@pytest.mark.parametrize("output", ["paper.aux", "paper.bcf"])
def test_an_aux_file_is_refused_as_a_manuscript_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    """LaTeX writes .aux (biber .bcf) anew from the sources: refkit keys does not rewrite
    them, says why in one line, and renames nothing (the .bib and .tex would otherwise
    disagree with what was asked)."""
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    tex = tmp_path / "paper.tex"
    tex.write_text("See \\cite{x}.\n", encoding="utf-8")
    aux = tmp_path / output
    aux.write_text("\\relax\n\\citation{x}\n\\bibcite{x}{1}\n", encoding="utf-8")
    code = main(["keys", str(bib), "--manuscript", str(tex), "--manuscript", str(aux)])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith(f"refkit: error: {aux}: .aux and .bcf files are not rewritten")
    assert "run LaTeX" in err
    assert len(err.strip().splitlines()) == 1
    assert bib.read_text(encoding="utf-8") == BIB
    assert tex.read_text(encoding="utf-8") == "See \\cite{x}.\n"
    assert "\\citation{x}" in aux.read_text(encoding="utf-8")
    assert main(["keys", "--help"]) == 0
    assert ".aux" in capsys.readouterr().out
