"""Verdicts on entries with a DOI, an arXiv id or an ISBN, on real recorded answers."""

from __future__ import annotations

from pathlib import Path

from refkit.core.diagnostics import Severity
from refkit.lookup import Verdict
from refkit.lookup.cache import Cache
from refkit.lookup.http import HttpClient
from refkit.lookup.records import Source
from refkit.lookup.sources import arxiv
from tests.lookup.registry import Registry, fixture, recorded
from tests.lookup.support import (
    by_field,
    codes,
    run,
    serve_arxiv,
    serve_not_found,
    serve_work,
)

PONE = "10.1371/journal.pone.0033693"
SADASIVAN = """@article{sadasivan2012,
  title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
           Microglia in the Basal Ganglia of Mice},
  author = {Sadasivan, Shankar and Pond, Brooks B. and Pani, Amar K. and Qu, Chunxu
            and Jiao, Yun and Smeyne, Richard J.},
  journal = {PLoS ONE},
  year = {2012},
  volume = {7},
  number = {3},
  pages = {e33693},
  doi = {%s},
}
"""
MANY = "test-works/test_works_with_many_ids"


def _verdicts(result) -> list[Verdict]:  # type: ignore[no-untyped-def]
    return [item.verdict for item in result.outcomes]


def test_a_doi_whose_record_agrees_is_verified_without_findings(
    registry: Registry, cache_file: Path
) -> None:
    """The recorded Crossref work (a gzip body) agrees with the entry field by field."""
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    result = run(SADASIVAN % PONE, registry.options(cache_file))
    assert codes(result) == []
    assert _verdicts(result) == [Verdict.VERIFIED]
    assert result.outcomes[0].record == f"https://doi.org/{PONE}"


def test_abbreviated_journal_latex_and_short_page_ranges_are_forgiven(
    registry: Registry, cache_file: Path
) -> None:
    """``J. Orthop. Res.``, ``519--27`` and braces agree with the record's full forms."""
    serve_work(registry, MANY, "10.1002/jor.1100150407")
    text = """@article{lieber1997,
      title = {Growth hormone secretagogue increases muscle strength during
               remobilization after canine hindlimb {Immobilization}},
      author = {Lieber, Richard L. and Jacks, Thomas M. and others},
      journal = {J. Orthop. Res.}, year = 1997, volume = {15}, number = {4},
      pages = {519--27}, doi = {10.1002/jor.1100150407}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == []


def test_each_wrong_field_is_one_finding_with_both_values(
    registry: Registry, cache_file: Path
) -> None:
    """Year, journal, volume, issue and pages wrong: five RK1002 findings, each naming
    the entry's value, the record's value and the record's URL."""
    serve_work(registry, MANY, "10.1016/j.neurobiolaging.2010.03.024")
    text = """@article{lee2012,
      title = {Human umbilical cord blood-derived mesenchymal stem cells improve
               neuropathology and cognitive impairment in an {Alzheimer's} disease mouse
               model through modulation of neuroinflammation},
      author = {Lee, Hyun Ju and Lee, Jong Kil and others},
      journal = {Neurobiology of Disease}, year = {2015}, volume = {34}, number = {5},
      pages = {600--602}, doi = {10.1016/j.neurobiolaging.2010.03.024}}"""
    result = run(text, registry.options(cache_file))
    found = by_field(result)
    assert sorted(found) == ["journal", "number", "pages", "volume", "year"]
    assert "“2015”" in found["year"]
    assert "“2012”" in found["year"]
    assert "“Neurobiology of Aging”" in found["journal"]
    assert "“588-602”" in found["pages"]
    assert all("https://doi.org/10.1016/j.neurobiolaging.2010.03.024" in m for m in found.values())
    assert _verdicts(result) == [Verdict.MISMATCH]
    fixes = {item.field: item.fix for item in result if item.code == "RK1002"}
    assert fixes["year"] is not None
    assert fixes["year"].edits[0].value == "2012"
    assert fixes["pages"] is not None
    assert fixes["pages"].edits[0].value == "588--602"
    assert fixes["journal"] is None, "venues are for a person to decide"
    assert all(fix is None or not fix.safe for fix in fixes.values())


def test_a_title_typo_and_wrong_authors_are_reported_on_their_fields(
    registry: Registry, cache_file: Path
) -> None:
    """A misspelt title and an author list with a wrong name and a missing one."""
    serve_work(registry, MANY, "10.1038/srep16696")
    text = """@article{tosatto2015,
      title = {Single-molecule {FRET} studies on alpha-synuclein oligomerisation of
               {Parkinson's} disease genetically related mutants},
      author = {Tosatto, Laura and Horrocks, Mathew H. and Miller, Ann},
      journal = {Sci. Rep.}, year = {2015}, volume = {5}, doi = {10.1038/srep16696}}"""
    result = run(text, registry.options(cache_file))
    found = by_field(result)
    assert set(found) == {"title", "author"}
    assert "oligomerization" in found["title"]
    assert "oligomerisation" in found["title"]
    assert "not in the record: Miller" in found["author"]


def test_another_given_name_of_the_same_family_is_an_author_mismatch(
    registry: Registry, cache_file: Path
) -> None:
    """K. Sadasivan for the record's Shankar Sadasivan: the family names agree, the
    person does not; initials for the others' full names are not a mismatch."""
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    people = (
        "Sadasivan, Shankar and Pond, Brooks B. and Pani, Amar K. and Qu, Chunxu\n"
        "            and Jiao, Yun and Smeyne, Richard J."
    )
    initials = "Sadasivan, S. and Pond, B. B. and Pani, A. and Qu, C. and Jiao, Y. and Smeyne, RJ"
    assert (
        codes(run((SADASIVAN % PONE).replace(people, initials), registry.options(cache_file))) == []
    )
    wrong = initials.replace("Sadasivan, S.", "Sadasivan, K.")
    result = run((SADASIVAN % PONE).replace(people, wrong), registry.options(cache_file))
    assert codes(result) == ["RK1002"]
    assert result[0].field == "author"
    assert result[0].message.startswith(
        "author: the entry has “K. Sadasivan”, Crossref has “Shankar Sadasivan” (the given"
        " names differ), https://doi.org/"
    )
    assert result[0].fix is None, "names are for a person to decide"
    assert _verdicts(result) == [Verdict.MISMATCH]


def test_a_wrong_given_name_beside_a_wrong_family_name_is_one_author_finding(
    registry: Registry, cache_file: Path
) -> None:
    """One RK1002 on the authors, naming both: the family name not in the record and the
    person whose given name is another's."""
    serve_work(registry, MANY, "10.1038/srep16696")
    text = """@article{tosatto2015,
      title = {Single-molecule {FRET} studies on alpha-synuclein oligomerization of
               {Parkinson's} disease genetically related mutants},
      author = {Tosatto, K. and Horrocks, Mathew H. and Miller, Ann},
      journal = {Sci. Rep.}, year = {2015}, volume = {5}, doi = {10.1038/srep16696}}"""
    found = by_field(run(text, registry.options(cache_file)))
    assert list(found) == ["author"]
    assert "not in the record: Miller; missing: " in found["author"]
    assert "; the given names differ: K. Tosatto (the record: Laura Tosatto))" in found["author"]


def test_author_order_is_a_finding_of_its_own(registry: Registry, cache_file: Path) -> None:
    """The same family names in another order: "the order differs"."""
    serve_work(registry, MANY, "10.1109/icdcsw.2003.1203662")
    text = """@inproceedings{arya2003,
      title = {Accurate and explicit differentiation of wireless and congestion losses},
      author = {Turletti, T. and Arya, V.}, booktitle = {ICDCS Workshops}, year = {2003},
      pages = {877--882}, doi = {10.1109/icdcsw.2003.1203662}}"""
    result = run(text, registry.options(cache_file))
    assert list(by_field(result)) == ["author"]
    assert "the order differs" in by_field(result)["author"]


def test_a_type_that_contradicts_the_record_is_reported(
    registry: Registry, cache_file: Path
) -> None:
    """A @book entry whose DOI is a journal article; the online-first year (2020 online,
    2021 in print) is not a mismatch.  (A conference paper may be a journal article:
    proceedings appear as journal issues, so that pair is not reported.)"""
    serve_work(
        registry,
        "test-workscontainer/test_workscontainer_with_two_ids",
        "10.1136/jclinpath-2020-206745",
    )
    text = """@book{xu2021,
      title = {Construction of a reference material panel for detecting
               {KRAS}/{NRAS}/{EGFR}/{BRAF}/{MET} mutations in plasma {ctDNA}},
      author = {Xu, Jun and Qu, Shoufang and others}, publisher = {BMJ}, year = {2021},
      doi = {10.1136/jclinpath-2020-206745}}"""
    result = run(text, registry.options(cache_file))
    found = by_field(result)
    assert list(found) == ["type"]
    assert "@book" in found["type"]
    assert "journal-article" in found["type"]


def test_a_doi_of_another_work_is_reported_on_the_doi_not_field_by_field(
    registry: Registry, cache_file: Path
) -> None:
    """Title and authors both disagree: the DOI names a different work (a copied or
    invented DOI), said once on the doi field rather than as a list of mismatches."""
    serve_work(registry, MANY, "10.3892/ijo_00000353")
    registry.add(Source.CROSSREF, "/works", fixture("dblp_empty.json"))  # no search hit
    registry.add(Source.DBLP, "/search/publ/api", fixture("dblp_empty.json"))
    text = """@article{wrong, title = {A survey of graph neural networks}, author = {Wu, Zonghan},
      journal = {IEEE TNNLS}, year = {2021}, doi = {10.3892/ijo_00000353}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1002"]
    assert result[0].field == "doi"
    assert "another work" in result[0].message
    assert "Stravopodis" in result[0].message


def test_a_doi_nobody_registered_is_not_found_only_after_doi_org_says_404(
    registry: Registry, cache_file: Path
) -> None:
    """Crossref's 404 (plain text), DataCite's 404 and doi.org's 404 page: RK1001."""
    serve_not_found(registry, "10.1371/notarealdoi")
    text = "@article{x, title = {Nothing}, author = {Nobody, A.}, doi = {10.1371/notarealdoi}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert result[0].severity is Severity.ERROR
    assert "https://doi.org/10.1371/notarealdoi" in result[0].message
    asked = [item.path for item in registry.log]
    assert asked == [
        "/crossref/works/10.1371/notarealdoi",
        "/datacite/dois/10.1371/notarealdoi",
        "/doi/10.1371/notarealdoi",
    ]
    assert _verdicts(result) == [Verdict.NOT_FOUND]


def test_a_unicode_doi_is_sent_percent_encoded_and_reported_as_written(
    registry: Registry, cache_file: Path
) -> None:
    """The DOI 10.1000/été-β travels as UTF-8 percent escapes and comes back intact."""
    doi = "10.1000/été-β"
    serve_not_found(registry, doi)
    result = run(f"@misc{{u, doi = {{{doi}}}}}", registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert doi in result[0].message
    raw = registry.log[0].environ.get("RAW_URI", "")
    assert registry.log[0].path == f"/crossref/works/{doi}"
    assert "%C3%A9" in (raw or registry.log[0].environ.get("REQUEST_URI", "%C3%A9"))


def test_a_doi_only_the_resolver_knows_is_read_from_content_negotiation(
    registry: Registry, cache_file: Path
) -> None:
    """Crossref and DataCite answer 404; doi.org redirects (a recorded 302) to the
    agency's CSL-JSON (recorded), which the entry is compared with."""
    doi = "10.1126/science.169.3946.635"
    registry.add(
        Source.CROSSREF,
        f"/works/{doi}",
        recorded("test-works/test_works_bad_id_warn", "notarealdoi"),
    )
    registry.add(Source.DATACITE, f"/dois/{doi}", fixture("datacite_not_found.json"))
    registry.add(
        Source.DOI,
        f"/{doi}",
        recorded("test-content_negotation/test_content_negotiation", "doi.org"),
    )
    csl = recorded(
        "test-content_negotation/test_content_negotiation_citeproc_json", "https://api.crossref.org"
    )
    registry.add(Source.CROSSREF, f"/v1/works/{doi}/transform", csl)
    text = f"""@article{{frank1970, title = {{The structure of ordinary water}},
      author = {{Frank, Henry S.}}, journal = {{Science}}, year = {{1971}},
      volume = {{169}}, number = {{3946}}, pages = {{635--641}}, doi = {{{doi}}}}}"""
    result = run(text, registry.options(cache_file))
    assert list(by_field(result)) == ["year"]
    assert "doi.org" in by_field(result)["year"]
    assert registry.requests_to(Source.DOI)[0].headers["Accept"] == (
        "application/vnd.citationstyles.csl+json"
    )


def test_a_datacite_doi_is_read_from_datacite(registry: Registry, cache_file: Path) -> None:
    """DataCite's prefix 10.5438 is asked of Crossref first, then DataCite answers."""
    doi = "10.5438/0012"
    registry.add(
        Source.CROSSREF,
        f"/works/{doi}",
        recorded("test-works/test_works_bad_id_warn", "notarealdoi"),
    )
    registry.add(Source.DATACITE, f"/dois/{doi}", fixture("datacite_doi.json"))
    text = f"""@misc{{datacite2016,
      title = {{{{DataCite}} Metadata Schema Documentation for the Publication and Citation
               of Research Data v4.0}},
      author = {{{{DataCite Metadata Working Group}}}}, year = {{2017}}, doi = {{{doi}}}}}"""
    result = run(text, registry.options(cache_file))
    assert list(by_field(result)) == ["year"]
    assert "DataCite has “2016”" in by_field(result)["year"]


def test_a_retracted_work_is_reported_with_its_notice(registry: Registry, cache_file: Path) -> None:
    """Crossref's updated-by retraction: RK1004 naming the notice; the "RETRACTED:" mark
    Elsevier puts before the title is not a title mismatch."""
    doi = "10.1016/S0140-6736(97)11096-0"
    # DOIs are case-insensitive; refkit asks in lower case.
    registry.add(Source.CROSSREF, f"/works/{doi.lower()}", fixture("crossref_retracted.json"))
    text = f"""@article{{wakefield1998,
      title = {{Ileal-lymphoid-nodular hyperplasia, non-specific colitis, and pervasive
               developmental disorder in children}},
      author = {{Wakefield, A. J. and Murch, S. H. and Anthony, A.}}, journal = {{Lancet}},
      year = {{1998}}, volume = {{351}}, number = {{9103}}, pages = {{637--641}},
      doi = {{{doi}}}}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1004"]
    assert "retraction (2010)" in result[0].message
    assert "https://doi.org/10.1016/s0140-6736(10)60175-4" in result[0].message


def test_a_correction_is_not_a_retraction(registry: Registry, cache_file: Path) -> None:
    """The recorded PLoS ONE work has a correction in updated-by: no RK1004."""
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    result = run(SADASIVAN % PONE, registry.options(cache_file))
    assert "RK1004" not in codes(result)


def test_an_arxiv_id_whose_paper_agrees_is_verified(registry: Registry, cache_file: Path) -> None:
    serve_arxiv(registry, "id_1605.08386", "1605.08386")
    text = """@misc{stanley2016, title = {Heat-bath random walks with {Markov} bases},
      author = {Stanley, Caprice and Windisch, Tobias}, year = {2016},
      eprint = {1605.08386}, archiveprefix = {arXiv}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == []
    assert result.outcomes[0].verdict is Verdict.VERIFIED


def test_an_unknown_arxiv_id_is_not_found(registry: Registry, cache_file: Path) -> None:
    """arXiv's empty feed for 0000.0000: RK1001 on the eprint field."""
    serve_arxiv(registry, "id_0000.0000", "0000.0000")
    text = "@misc{a, title = {A}, eprint = {0000.0000}, archiveprefix = {arXiv}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert result[0].entry_key == "a"
    assert result[0].field == "eprint"


def test_arxivs_http_400_for_a_malformed_id_means_no_such_paper(
    registry: Registry, cache_file: Path
) -> None:
    """The recorded 400 answer (an Atom error entry for ``abc``) reads as not found."""
    serve_arxiv(registry, "id_abc", "abc")
    options = registry.options(cache_file)
    client = HttpClient(options, Cache(cache_file))
    try:
        assert arxiv.lookup(client, options, "abc") is None
    finally:
        client.close()


def test_a_preprint_with_a_journal_reference_is_reported_as_published(
    registry: Registry, cache_file: Path
) -> None:
    """arXiv's journal_ref ("ActaAstron.56:1-50,2006") on an old-style id: RK1003."""
    serve_arxiv(registry, "id_astro-ph_0601001", "astro-ph/0601001")
    text = """@misc{gould2006,
      title = {Frequency of Hot {Jupiters} and Very Hot {Jupiters} from the {OGLE-III}
               Transit Surveys Toward the Galactic Bulge and {Carina}},
      author = {Gould, Andrew and Dorsher, Susan and Gaudi, B. Scott and Udalski, Andrzej},
      year = {2006}, eprint = {astro-ph/0601001}, archiveprefix = {arXiv}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1003"]
    assert "ActaAstron.56:1-50,2006" in result[0].message
    assert result[0].fix is None, "a journal reference is not a record to copy from"


def test_a_versioned_arxiv_id_is_looked_up_without_its_version(
    registry: Registry, cache_file: Path
) -> None:
    """``2104.12255v1``: the id is asked bare-versioned as recorded, and "0" as a title
    is compared like any other."""
    serve_arxiv(registry, "id_2104.12255v1", "2104.12255")
    text = """@misc{nguyen2021, title = {0}, author = {Nguyen, Quan Thoi Minh}, year = {2021},
      eprint = {2104.12255v1}, archiveprefix = {arXiv}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == []


def test_an_isbn_is_checked_against_open_library(registry: Registry, cache_file: Path) -> None:
    """The book's year and publisher disagree; ISBN-10 is read as its ISBN-13."""
    registry.add(
        Source.OPENLIBRARY,
        "/api/books",
        fixture("openlibrary_isbn.json"),
        matches=lambda request: request.args.get("bibkeys") == "ISBN:9780451526533",
    )
    text = """@book{twain, title = {The Adventures of {Tom Sawyer}}, author = {Twain, Mark},
      publisher = {Penguin}, year = {1998}, isbn = {0-451-52653-8}}"""
    result = run(text, registry.options(cache_file))
    assert sorted(by_field(result)) == ["publisher", "year"]


def test_an_isbn_open_library_lacks_is_a_warning_not_an_error(
    registry: Registry, cache_file: Path
) -> None:
    registry.add(Source.OPENLIBRARY, "/api/books", fixture("openlibrary_empty.json"))
    text = "@book{b, title = {T}, author = {A, B}, year = {2000}, isbn = {978-0-262-03561-3}}"
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1001"]
    assert result[0].severity is Severity.WARNING


def _serve_linked_preprint(registry: Registry) -> None:
    registry.add(
        Source.ARXIV,
        "/query",
        fixture("arxiv_with_doi.json"),
        matches=lambda request: request.args.get("id_list") == "1203.99999",
    )
    serve_work(registry, "test-works/test_works_with_one_id", PONE)


def test_a_preprint_whose_arxiv_record_has_a_doi_is_replaced_by_the_article(
    registry: Registry, cache_file: Path
) -> None:
    """arXiv's ``arxiv:doi`` names the published work, fetched from Crossref: RK1003 with
    a fix to the article that keeps the key, title and authors."""
    _serve_linked_preprint(registry)
    text = """@misc{sadasivan2012,
      title = {Methylphenidate Exposure Induces Dopamine Neuron Loss and Activation of
               Microglia in the Basal Ganglia of Mice},
      author = {Sadasivan, Shankar and Pond, Brooks B. and others}, year = {2012},
      eprint = {1203.99999}, archiveprefix = {arXiv}}"""
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1003"]
    fix = result[0].fix
    assert fix is not None
    edits = {(edit.kind.value, edit.field): edit.value for edit in fix.edits}
    assert edits == {
        ("set-type", None): "article",
        ("add-field", "journal"): "PLoS ONE",
        ("add-field", "volume"): "7",
        ("add-field", "number"): "3",
        ("add-field", "pages"): "e33693",
        ("add-field", "doi"): PONE,
    }


def test_a_published_entry_with_only_its_arxiv_id_gets_the_doi(
    registry: Registry, cache_file: Path
) -> None:
    """A journal article cited with its arXiv id but no DOI: compared with the article
    (not the preprint), and RK1006 proposes the DOI."""
    _serve_linked_preprint(registry)
    text = SADASIVAN.replace("doi = {%s},", "eprint = {1203.99999}, archiveprefix = {arXiv},")
    result = run(text, registry.options(cache_file))
    assert codes(result) == ["RK1006"]
    assert result[0].fix is not None
    assert result[0].fix.edits[0].value == PONE


def test_entries_citing_one_doi_ask_for_it_once(registry: Registry, cache_file: Path) -> None:
    """Four entries with the same DOI, looked up four at a time: one request."""
    serve_work(registry, "test-works/test_works_with_one_id", PONE)
    text = "".join((SADASIVAN % PONE).replace("sadasivan2012", f"copy{n}") for n in range(4))
    result = run(text, registry.options(None, concurrency=4))
    assert codes(result) == []
    assert len(registry.log) == 1
