"""The CLI contract on every hostile input of issue 19 (point 5), through every command.

Bad input: exit 2 and one ``refkit: error: ...`` line naming the file (other lines on
stderr, such as CSL-JSON item diagnostics, also start ``refkit: `` and name it).  Legal
but hostile input (a ``@string`` fan-out, ``\\cite{`` repeated): finishes with exit 0 or
1.  Never a traceback, never "internal error".  ``verify`` runs ``--offline --no-cache``,
so no registry is asked.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from refkit.cli import main

#: The start of a PNG file: NUL bytes and bytes that are not UTF-8 (no UTF-16 either).
BINARY = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00\xff\xd8\xc3\x28" * 8
GOOD_BIB = "@article{doe2020,\n  author = {Doe, Jane},\n  title = {A title},\n  year = {2020}\n}\n"


@dataclass(frozen=True)
class Case:
    """A hostile input: ``make(folder)`` writes it and returns the path to pass."""

    name: str
    make: Callable[[Path], str]
    #: The exit codes the contract allows (2: refused; 0/1: worked, findings or not).
    codes: frozenset[int]


def _file(name: str, content: bytes | str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return str(path)

    return make


def _fifo(name: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        os.mkfifo(path)
        return str(path)

    return make


def _device(name: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.symlink_to("/dev/zero")
        return str(path)

    return make


def _directory(name: str) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        path = folder / name
        path.mkdir()
        return str(path)

    return make


def _with_config(config: str, bib: str = GOOD_BIB) -> Callable[[Path], str]:
    def make(folder: Path) -> str:
        (folder / "refkit.toml").write_text(config, encoding="utf-8")
        path = folder / "refs.bib"
        path.write_text(bib, encoding="utf-8")
        return str(path)

    return make


REFUSED = frozenset({2})
WORKS = frozenset({0, 1})

#: Hostile .bib inputs (check, fix, render, convert, verify, cite-check --bib).
BIB_CASES = [
    Case(
        "string fan-out",
        _file("fan.bib", "@string{c = c # c # c # c}\n@misc{k, author = c}\n"),
        WORKS,
    ),
    Case(
        "escaped brace name", _file("brace.bib", "@misc{k, author = {\\{}, title = {T}}\n"), WORKS
    ),
    Case("binary", _file("bin.bib", BINARY), REFUSED),
    Case("stray NUL in UTF-8", _file("nul.bib", GOOD_BIB.replace("A title", "A\x00title")), WORKS),
    Case("empty", _file("empty.bib", ""), WORKS),
    Case("not bibtex", _file("paper.bib", "\\documentclass{article}\n\\begin{document}\n"), WORKS),
    Case("unclosed entry", _file("open.bib", "@article{a, title = {x\n"), WORKS),
    Case("missing", lambda folder: str(folder / "nowhere.bib"), REFUSED),
    Case("directory", _directory("dir.bib"), REFUSED),
    Case("device", _device("zero.bib"), REFUSED),
    Case("fifo", _fifo("pipe.bib"), REFUSED),
    Case("malformed refkit.toml", _with_config("[tool.refkit\nselect = 1\n"), REFUSED),
    Case("invalid key-pattern", _with_config('key-pattern = "([\\""\n'), REFUSED),
    Case(
        "catastrophic key-pattern",
        _with_config('key-pattern = "(a+)+$"\n', GOOD_BIB.replace("doe2020", "a" * 40 + "!")),
        WORKS,
    ),
    Case("corrections from a device", _with_config('corrections = ["/dev/zero"]\n'), REFUSED),
]

#: Which commands take a .bib: argv around the path (``{}``).
BIB_COMMANDS = {
    "check": ["check", "{}"],
    "fix": ["fix", "{}"],
    "render": ["render", "{}"],
    "convert": ["convert", "--to", "csljson", "--lossy", "{}"],
    "verify": ["verify", "--offline", "--no-cache", "{}"],
}
#: Config files are read by the rule commands only; render and convert ignore them.
_CONFIG_CASES = {
    "malformed refkit.toml",
    "invalid key-pattern",
    "catastrophic key-pattern",
    "corrections from a device",
}
_RULE_COMMANDS = {"check", "fix", "verify"}


def _argv(template: list[str], path: str) -> list[str]:
    return [path if part == "{}" else part for part in template]


def _assert_contract(
    code: int, err: str, case: Case, path: str, *, codes: frozenset[int] | None = None
) -> None:
    allowed = codes if codes is not None else case.codes
    assert code in allowed, (case.name, code, err)
    assert "Traceback" not in err, err
    assert "internal error" not in err, err
    lines = err.splitlines()
    errors = [line for line in lines if line.startswith("refkit: error: ")]
    if code == 2:
        assert len(errors) == 1, err
        assert errors[0] == lines[-1], err
    for line in errors:
        # The file at fault: the input, its configuration, or a file that names.
        assert any(name in line for name in (Path(path).name, "refkit.toml", "/dev/zero")), line


@pytest.mark.parametrize("command", sorted(BIB_COMMANDS))
@pytest.mark.parametrize("case", BIB_CASES, ids=lambda case: case.name)
def test_bib_commands_keep_the_contract(
    command: str,
    case: Case,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path))  # no user configuration or cache
    path = case.make(tmp_path)
    code = main(_argv(BIB_COMMANDS[command], path))
    err = capsys.readouterr().err
    codes = case.codes
    if case.name in _CONFIG_CASES and command not in _RULE_COMMANDS:
        codes = WORKS
    if case.name == "corrections from a device" and command == "verify":
        codes = WORKS  # verify runs the registry rules only: it reads no corrections list
    if command == "verify" and codes == WORKS and code == 2:
        # Offline with an empty cache, nothing can be checked: verify's documented exit 2,
        # said on stderr (not as an error: the input is fine).
        assert "not checked" in err, err
        codes = REFUSED
        err += "refkit: error: " + Path(path).name + "\n"
    _assert_contract(code, err, case, path, codes=codes)


#: Hostile CSL-JSON files (render and convert).
JSON_CASES = [
    Case("json author [null]", _file("a.json", '[{"id": "x", "author": [null]}]'), WORKS),
    Case("json author string", _file("b.json", '[{"id": "x", "author": "Doe"}]'), WORKS),
    Case(
        "json NaN date", _file("c.json", '[{"id": "x", "issued": {"date-parts": [[NaN]]}}]'), WORKS
    ),
    Case("json lone surrogate", _file("d.json", '[{"id": "x", "title": "\\ud800"}]'), WORKS),
    Case("json object id", _file("e.json", '[{"id": {"a": 1}, "title": "T"}]'), WORKS),
    Case("json list title", _file("f.json", '[{"id": "x", "title": ["A"]}]'), WORKS),
    Case("json numeric family", _file("g.json", '[{"id": "x", "author": [{"family": 5}]}]'), WORKS),
    Case("json page 1e400", _file("h.json", '[{"id": "x", "page": 1e400}]'), WORKS),
    Case(
        "json month 13 day 45",
        _file("i.json", '[{"id": "x", "issued": {"date-parts": [[2020, 13, 45]]}}]'),
        WORKS,
    ),
    Case("json empty item", _file("j.json", "[{}]"), WORKS),
    Case("json bare object", _file("k.json", '{"id": "x", "type": "book"}'), REFUSED),
    Case("json malformed", _file("l.json", '[{"id": "x",,}]'), REFUSED),
    Case("json deep nesting", _file("m.json", "[" * 50_000 + "]" * 50_000), REFUSED),
    Case("json not utf-8", _file("n.json", b'[{"id": "\xff"}]'), REFUSED),
    Case("json device", _device("o.json"), REFUSED),
    Case("json fifo", _fifo("p.json"), REFUSED),
]
JSON_COMMANDS = {
    "render": ["render", "{}"],
    "convert": ["convert", "--to", "biblatex", "{}"],
    "render --strict-input": ["render", "--strict-input", "{}"],
}


@pytest.mark.parametrize("command", sorted(JSON_COMMANDS))
@pytest.mark.parametrize("case", JSON_CASES, ids=lambda case: case.name)
def test_csl_json_commands_keep_the_contract(
    command: str, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bad item is named (file, item, pointer) and skipped, exit 1; with
    --strict-input the run is refused, exit 2; a file that is no CSL-JSON list, exit 2."""
    path = case.make(tmp_path)
    code = main(_argv(JSON_COMMANDS[command], path))
    err = capsys.readouterr().err
    codes = case.codes
    if "strict" in command and codes == WORKS:
        codes = REFUSED
    elif codes == WORKS:
        codes = frozenset({1})  # every WORKS case above has one bad item
    _assert_contract(code, err, case, path, codes=codes)
    for line in err.splitlines():
        assert line.startswith("refkit: "), line
        assert Path(path).name in line, line


#: Hostile manuscripts (cite-check) and reference lists (import).
TEXT_CASES = [
    Case("unclosed cites", _file("paper.tex", "\\cite{" * 5000), WORKS),
    Case(
        "prose and-run", _file("paper.txt", "(" + " and ".join(["Ab"] * 3000) + " Cd, 2020)"), WORKS
    ),
    Case("binary text", _file("paper.md", BINARY), REFUSED),
    Case("missing text", lambda folder: str(folder / "none.tex"), REFUSED),
    Case("device text", _device("zero.tex"), REFUSED),
    Case("fifo text", _fifo("pipe.tex"), REFUSED),
    Case("directory text", _directory("dir.tex"), REFUSED),
]


def _bib(folder: Path) -> str:
    path = folder / "refs.bib"
    path.write_text(GOOD_BIB, encoding="utf-8")
    return str(path)


@pytest.mark.parametrize("command", ["cite-check", "import"])
@pytest.mark.parametrize("case", TEXT_CASES, ids=lambda case: case.name)
def test_text_commands_keep_the_contract(
    command: str, case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = case.make(tmp_path)
    if command == "cite-check":
        argv = ["cite-check", path, "--bib", _bib(tmp_path)]
    else:
        argv = ["import", path]
    code = main(argv)
    err = capsys.readouterr().err
    codes = case.codes
    if command == "import" and case.name in {"unclosed cites", "prose and-run"}:
        codes = frozenset({0, 1, 2})  # not a reference list: "no references found" is fine
    _assert_contract(code, err, case, path, codes=codes)


@pytest.mark.parametrize(
    "bib_case",
    [
        case
        for case in BIB_CASES
        if case.codes == REFUSED
        and "refkit.toml" not in case.name
        and "key-pattern" not in case.name
        and "corrections" not in case.name
    ],
    ids=lambda case: case.name,
)
def test_cite_check_names_a_hostile_bibliography(
    bib_case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paper = tmp_path / "paper.tex"
    paper.write_text("See \\cite{doe2020}.\n", encoding="utf-8")
    path = bib_case.make(tmp_path)
    code = main(["cite-check", str(paper), "--bib", path])
    _assert_contract(code, capsys.readouterr().err, bib_case, path)


@pytest.mark.parametrize(
    "pattern", ["{author:>999999999}", "{author.__class__}", "([", "{"], ids=str
)
def test_import_refuses_a_hostile_key_pattern(
    pattern: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    refs = tmp_path / "refs.txt"
    refs.write_text("Doe, J. (2020). A title. Journal, 1, 2-3.\n", encoding="utf-8")
    code = main(["import", str(refs), "--key-pattern", pattern])
    err = capsys.readouterr().err
    assert code in {0, 2}
    assert "Traceback" not in err
    assert "internal error" not in err
    if code == 2:
        assert err.count("\n") == 1
        assert err.startswith("refkit: error: ")
