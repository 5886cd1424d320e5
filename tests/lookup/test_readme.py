"""README's example output is what ``refkit verify`` prints on bib/verify-example.bib, its
look-ups answered by the recordings (DataCite's 404 and DBLP's empty search by fixtures)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from refkit.cli import main
from refkit.lookup.records import Source
from tests.lookup.registry import Registry, fixture, recorded
from tests.lookup.support import serve_arxiv, serve_not_found, serve_work
from tests.lookup.test_cli import VARIABLES

EXAMPLE = "bib/verify-example.bib"
_BLOCK = re.compile(
    r"<!-- verify-example -->\n```text\n\$ (?P<command>[^\n]*)\n(?P<out>.*?)```", re.S
)


def serve_example(registry: Registry) -> None:
    serve_work(registry, "test-works/test_works_with_one_id", "10.1371/journal.pone.0033693")
    many = "test-works/test_works_with_many_ids"
    serve_work(registry, many, "10.1002/jor.1100150407")
    serve_work(registry, many, "10.1016/j.neurobiolaging.2010.03.024")
    serve_not_found(registry, "10.1371/notarealdoi")
    registry.add(
        Source.CROSSREF, "/works", recorded("test-works/test_works_field_queries", "boettiger")
    )
    registry.add(Source.DBLP, "/search/publ/api", fixture("dblp_empty.json"))
    serve_arxiv(registry, "id_astro-ph_0601001", "astro-ph/0601001")


def test_the_readme_shows_real_output(
    registry: Registry,
    repo_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    serve_example(registry)
    for source, variable in VARIABLES.items():
        monkeypatch.setenv(variable, registry.url(source))
    monkeypatch.chdir(repo_dir)
    match = _BLOCK.search((repo_dir / "README.md").read_text("utf-8"))
    assert match is not None
    arguments = match.group("command").split()[1:]
    code = main([*arguments, "--cache", str(tmp_path / "cache.sqlite")])
    captured = capsys.readouterr()
    shown = captured.out + captured.err
    assert shown == match.group("out")
    assert code == 1
