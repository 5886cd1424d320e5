"""``refkit verify`` and ``refkit fix --online``: formats, exit codes, notices, fixes."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from refkit.cli import main
from refkit.lookup.records import Source
from tests.lookup.registry import PREFIXES, Registry
from tests.lookup.support import SADASIVAN_ENTRY, serve_not_found, serve_work

PONE = "10.1371/journal.pone.0033693"
VARIABLES = {
    Source.CROSSREF: "REFKIT_CROSSREF_URL",
    Source.DOI: "REFKIT_DOI_URL",
    Source.DATACITE: "REFKIT_DATACITE_URL",
    Source.ARXIV: "REFKIT_ARXIV_URL",
    Source.OPENLIBRARY: "REFKIT_OPENLIBRARY_URL",
    Source.DBLP: "REFKIT_DBLP_URL",
}


@pytest.fixture
def endpoints(registry: Registry, monkeypatch: pytest.MonkeyPatch) -> Registry:
    """Every registry pointed at the local server through the environment variables."""
    for source in PREFIXES:
        monkeypatch.setenv(VARIABLES[source], registry.url(source))
    monkeypatch.setenv("REFKIT_MAILTO", "ci@example.org")
    return registry


def _bib(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(text, encoding="utf-8")
    return path


WRONG_YEAR = SADASIVAN_ENTRY.replace("year = {2012}", "year = {2013}")


def test_text_output_names_the_finding_and_the_summary(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    path = _bib(tmp_path, WRONG_YEAR)
    code = main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite")])
    captured = capsys.readouterr()
    assert code == 0, "RK1002 is a warning and --fail-on defaults to error"
    assert "RK1002 metadata-mismatch [sadasivan2012.year]" in captured.out
    assert "1 entry: 1 described wrongly (1 requests, 0 answers from the cache)" in captured.err
    assert "ci@example.org" in endpoints.log[0].headers["User-Agent"]
    assert (
        main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite"), "--fail-on", "warning"])
        == 1
    )


@pytest.mark.parametrize("output", ["json", "sarif", "github"])
def test_the_formats_of_check_carry_the_findings(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str], output: str
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    path = _bib(tmp_path, WRONG_YEAR)
    main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite"), "--format", output])
    out = capsys.readouterr().out
    if output == "github":
        assert out.startswith("::warning file=")
        assert "title=RK1002 metadata-mismatch" in out
        return
    document = json.loads(out)
    if output == "json":
        assert [item["code"] for item in document["diagnostics"]] == ["RK1002"]
        assert document["diagnostics"][0]["fix"]["safe"] is False
    else:
        run = document["runs"][0]
        assert run["results"][0]["ruleId"] == "RK1002"
        rules = {rule["id"] for rule in run["tool"]["driver"]["rules"]}
        assert {"RK1000", "RK1001", "RK1006"} <= rules


def test_json_adds_the_verdict_of_every_entry_to_checks_contract(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CI needs the entries that are fine and those not checked, which no diagnostic
    names: a top-level ``verification`` member beside check's 1.0 members, unchanged."""
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    serve_not_found(endpoints, "10.1371/notarealdoi")
    text = (
        WRONG_YEAR
        + SADASIVAN_ENTRY.replace("sadasivan2012", "again")
        + "@misc{bad, doi = {10.1371/notarealdoi}}\n"
        + "@misc{talk, title = {T}, howpublished = {Invited talk}}\n"
    )
    path = _bib(tmp_path, text)
    code = main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite"), "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    assert document["version"] == "1.0"
    assert set(document) == {
        "version",
        "tool",
        "tool_version",
        "diagnostics",
        "summary",
        "verification",
    }
    assert [item["code"] for item in document["diagnostics"]] == ["RK1002", "RK1001", "RK1000"]
    verification = document["verification"]
    entries = [
        (item["entry_key"], item["verdict"], item["found_by"]) for item in verification["entries"]
    ]
    assert entries == [
        ("sadasivan2012", "described-wrongly", "doi"),
        ("again", "verified", "doi"),
        ("bad", "not-found", "doi"),
        ("talk", "not-checked", None),
    ]
    first = verification["entries"][0]
    assert first["path"] == str(path)
    assert first["line"] == 1
    assert first["record"] == f"https://doi.org/{PONE}"
    assert verification["entries"][3]["reason"].startswith("a talk without an identifier")
    assert verification["counts"] == {
        "verified": 1,
        "described-wrongly": 1,
        "not-found": 1,
        "not-checked": 1,
    }
    assert verification["unavailable"] == []
    assert verification["requests"] == 4


def test_sarif_carries_the_verdict_of_every_entry_in_the_runs_property_bag(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Entries verified, not found and not checked are all in the SARIF report (as the
    run's ``verification`` property, code scanning showing every result as an alert),
    and the document stays valid SARIF 2.1.0."""
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    serve_not_found(endpoints, "10.1371/notarealdoi")
    text = (
        SADASIVAN_ENTRY
        + "@misc{bad, doi = {10.1371/notarealdoi}}\n"
        + "@misc{talk, title = {T}, howpublished = {Invited talk}}\n"
    )
    path = _bib(tmp_path, text)
    code = main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite"), "--format", "sarif"])
    document = json.loads(capsys.readouterr().out)
    assert code == 1
    run = document["runs"][0]
    assert [result["ruleId"] for result in run["results"]] == ["RK1001", "RK1000"]
    verification = run["properties"]["verification"]
    assert [(item["entry_key"], item["verdict"]) for item in verification["entries"]] == [
        ("sadasivan2012", "verified"),
        ("bad", "not-found"),
        ("talk", "not-checked"),
    ]
    assert verification["entries"][0]["record"] == f"https://doi.org/{PONE}"
    assert verification["counts"]["verified"] == 1
    if os.environ.get("REFKIT_SARIF_SCHEMA"):
        import jsonschema

        schema = json.loads(Path(os.environ["REFKIT_SARIF_SCHEMA"]).read_text("utf-8"))
        jsonschema.validate(document, schema)


def test_json_names_the_registries_that_could_not_be_used(
    endpoints: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for variable in VARIABLES.values():
        monkeypatch.setenv(variable, "http://127.0.0.1:9")
    path = _bib(tmp_path, SADASIVAN_ENTRY)
    code = main(["verify", str(path), "--no-cache", "--format", "json"])
    document = json.loads(capsys.readouterr().out)
    assert code == 2
    unavailable = document["verification"]["unavailable"]
    assert [item["source"] for item in unavailable] == ["crossref", "datacite", "doi"]
    assert unavailable[0]["entries"] == 1
    assert unavailable[0]["reason"].startswith("cannot connect")


def test_without_a_network_it_says_so_once_and_exits_2(
    endpoints: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Every registry refuses connections: one line per registry, entries not checked."""
    for variable in VARIABLES.values():
        monkeypatch.setenv(variable, "http://127.0.0.1:9")  # the discard port: refused
    path = _bib(tmp_path, SADASIVAN_ENTRY + "@misc{b, doi = {10.1000/b}}\n")
    code = main(["verify", str(path), "--cache", str(tmp_path / "c.sqlite")])
    captured = capsys.readouterr()
    assert code == 2
    notices = [line for line in captured.err.splitlines() if "could not be used" in line]
    assert len(notices) == 3
    assert notices[0].startswith("refkit: Crossref could not be used")
    assert captured.out.count("RK1000 not-checked") == 2
    assert "2 not checked" in captured.err


def test_offline_from_a_committed_cache(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The CI recipe: fill the cache once online, commit it, verify --offline in CI."""
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    (tmp_path / "pyproject.toml").write_text(
        '[tool.refkit.verify]\ncache = "refs.verify.sqlite"\n', encoding="utf-8"
    )
    path = _bib(tmp_path, WRONG_YEAR)
    assert main(["verify", str(path)]) == 0
    assert (tmp_path / "refs.verify.sqlite").is_file()
    endpoints.routes.clear()
    capsys.readouterr()
    assert main(["verify", "--offline", str(path)]) == 0
    captured = capsys.readouterr()
    assert "RK1002" in captured.out
    assert "(0 requests, 1 answers from the cache)" in captured.err


def test_no_progress_bar_when_stderr_is_not_a_terminal(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    main(["verify", str(_bib(tmp_path, SADASIVAN_ENTRY)), "--no-cache"])
    assert "\r" not in capsys.readouterr().err


def test_select_and_severity_overrides_and_suppressions_apply(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    serve_not_found(endpoints, "10.1371/notarealdoi")
    text = (
        WRONG_YEAR
        + "% refkit: ignore RK1001 -- a DOI the publisher has yet to register\n"
        + "@misc{bad, doi = {10.1371/notarealdoi}}\n"
    )
    path = _bib(tmp_path, text)
    cache = str(tmp_path / "c.sqlite")
    main(["verify", str(path), "--cache", cache, "--format", "json"])
    assert [item["code"] for item in json.loads(capsys.readouterr().out)["diagnostics"]] == [
        "RK1002"
    ]
    main(
        ["verify", str(path), "--cache", cache, "--format", "json", "--ignore", "metadata-mismatch"]
    )
    assert json.loads(capsys.readouterr().out)["diagnostics"] == []


def test_fix_online_unsafe_applies_registry_values_with_their_source(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    path = _bib(tmp_path, WRONG_YEAR)
    assert main(["fix", "--online", str(path)]) == 0
    assert "unsafe fix available with --unsafe" in capsys.readouterr().err
    assert "year = {2013}" in path.read_text("utf-8"), "unsafe fixes wait for --unsafe"
    assert main(["fix", "--online", "--unsafe", str(path)]) == 0
    err = capsys.readouterr().err
    assert "year = {2012}" in path.read_text("utf-8")
    assert (
        f"RK1002 metadata-mismatch [sadasivan2012.year] {{2013}} -> {{2012}} (set year from https://doi.org/{PONE})"
        in err
    )


def test_fix_without_online_never_asks_a_registry(endpoints: Registry, tmp_path: Path) -> None:
    path = _bib(tmp_path, WRONG_YEAR)
    main(["fix", "--unsafe", str(path)])
    assert endpoints.log == []


def test_protected_fields_are_never_changed(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    (tmp_path / "refkit.toml").write_text(
        '[verify]\nprotected-fields = ["year"]\ncache = "c.sqlite"\n', encoding="utf-8"
    )
    path = _bib(tmp_path, WRONG_YEAR)
    main(["fix", "--online", "--unsafe", str(path)])
    assert "year = {2013}" in path.read_text("utf-8")
    main(["verify", str(path)])
    assert "RK1002" in capsys.readouterr().out, "still reported, only not changed"


def test_fix_online_adds_a_missing_doi_found_by_search(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.lookup.registry import fixture, recorded

    endpoints.add(
        Source.CROSSREF, "/works", recorded("test-works/test_works_field_queries", "boettiger")
    )
    endpoints.add(Source.DBLP, "/search/publ/api", fixture("dblp_empty.json"))
    path = _bib(
        tmp_path,
        "@article{b, title = {The forecast trap}, author = {Boettiger, Carl},\n"
        "  journal = {Ecology Letters}, year = {2022}}\n",
    )
    main(["fix", "--online", "--unsafe", str(path)])
    text = path.read_text("utf-8")
    assert "doi = {10.1111/ele.14024}" in text
    assert "RK1006 missing-identifier" in capsys.readouterr().err


def test_rules_lists_the_verify_family(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["rules"]) == 0
    out = capsys.readouterr().out
    for code, name in [
        ("RK1001", "identifier-not-found"),
        ("RK1002", "metadata-mismatch"),
        ("RK1003", "preprint-published"),
        ("RK1004", "retracted"),
        ("RK1005", "no-matching-record"),
        ("RK1006", "missing-identifier"),
    ]:
        assert f"{code}  {name}" in out
    assert main(["rules", "RK1005"]) == 0
    doc = capsys.readouterr().out
    assert "Bad:" in doc
    assert "Good:" in doc


def test_the_pre_commit_hook_runs_refkit_verify(repo_dir: Path) -> None:
    import yaml

    hooks = yaml.safe_load((repo_dir / ".pre-commit-hooks.yaml").read_text("utf-8"))
    hook = next(item for item in hooks if item["id"] == "refkit-verify")
    assert hook["entry"] == "refkit verify"
    assert hook["files"] == r"\.bib$"


def test_the_facade_exports_verify() -> None:
    import refkit
    from refkit.bib.io import loads
    from refkit.lookup import VerifyOptions

    assert "verify" in refkit.__all__
    result = refkit.verify(loads("@misc{x, title = {T}}"), options=VerifyOptions(cache=None))
    assert [item.code for item in result] == ["RK1000"]


def test_fix_online_replaces_a_preprint_by_its_published_version_keeping_the_key(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from tests.lookup.registry import fixture, list_item, recorded
    from tests.lookup.test_search import PREPRINT

    listing = recorded("test-works/test_works_field_queries", "boettiger")
    endpoints.add(Source.CROSSREF, "/works", listing)
    endpoints.add(Source.CROSSREF, "/works/10.1101/014852", list_item(listing, "10.1101/014852"))
    endpoints.add(
        Source.CROSSREF, "/works/10.1002/ece3.2314", list_item(listing, "10.1002/ece3.2314")
    )
    endpoints.add(Source.DBLP, "/search/publ/api", fixture("dblp_empty.json"))
    path = _bib(tmp_path, PREPRINT)
    assert main(["fix", "--online", "--unsafe", str(path)]) == 0
    text = path.read_text("utf-8")
    assert text.startswith("@article{perkins2015,")
    assert "journal = {Ecology and Evolution}" in text
    assert "volume = {6}" in text
    assert "Perkins, T. Alex and Boettiger, Carl and Phillips, Ben L." in text
    assert "RK1003 preprint-published" in capsys.readouterr().err


def test_a_progress_bar_is_drawn_on_a_terminal_and_cleared(
    endpoints: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sys

    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    main(["verify", str(_bib(tmp_path, SADASIVAN_ENTRY)), "--no-cache"])
    err = capsys.readouterr().err
    assert "] 1/1 entries" in err
    assert "\r\x1b[K" in err


def test_files_share_a_client_so_an_unreachable_registry_is_asked_once(
    endpoints: Registry,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Two files without a network: the second asks nothing (pre-commit passes many)."""
    for variable in VARIABLES.values():
        monkeypatch.setenv(variable, "http://127.0.0.1:9")
    first = tmp_path / "a.bib"
    first.write_text(SADASIVAN_ENTRY, encoding="utf-8")
    second = tmp_path / "b.bib"
    second.write_text("@misc{b, doi = {10.1000/b}}\n", encoding="utf-8")
    code = main(["verify", str(second), str(first), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{first}: 1 entry: 1 not checked (6 requests" in err
    assert f"{second}: 1 entry: 1 not checked (0 requests" in err


def test_a_file_that_cannot_be_read_does_not_shift_the_summaries(
    endpoints: Registry, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    serve_work(endpoints, "test-works/test_works_with_one_id", PONE)
    good = _bib(tmp_path, SADASIVAN_ENTRY)
    missing = tmp_path / "a-missing.bib"
    code = main(["verify", str(missing), str(good), "--no-cache"])
    err = capsys.readouterr().err
    assert code == 2
    assert f"{good}: 1 entry: 1 verified" in err
    assert f"{missing}: 1 entry" not in err
