"""The CSL-JSON round trip gives back the entry biber read (provenance lines in ``note``)."""

from __future__ import annotations

from refkit.bib.io import loads
from refkit.cite.carry import entries_to_csl, items_to_bib


def round_trip(text: str) -> str:
    items, _ = entries_to_csl(loads(text), keep_title_case=True)
    return items_to_bib(items, "biblatex")[0]


def test_techreport_comes_back_as_techreport() -> None:
    back = round_trip("@techreport{t, author={A, B}, title={T}, institution={I}, year=2000}")
    assert back.startswith("@techreport{t,")
    assert "institution = {I}" in back


def test_xdata_comes_back_as_xdata() -> None:
    assert round_trip("@xdata{x, publisher={P}}").startswith("@xdata{x,")


def test_software_institution_is_not_written_as_publisher() -> None:
    back = round_trip("@software{s, author={A, B}, title={T}, institution={Inria}, year=1994}")
    assert "institution = {Inria}" in back
    assert "publisher" not in back


def test_fields_inherited_through_crossref_are_left_to_the_parent() -> None:
    back = round_trip(
        "@software{p, title={T}, institution={Inria}, year=1994}\n"
        "@softwareversion{c, version={1.1}, crossref={p}}"
    )
    child = back[back.index("@softwareversion") :]
    assert "crossref = {p}" in child
    assert "Inria" not in child


def test_language_comes_back_as_language_not_langid() -> None:
    back = round_trip(
        "@article{a, author={A, B}, title={T}, journal={J}, year=2000, language={en}}"
    )
    assert "language = {en}" in back
    assert "langid" not in back


def test_langid_stays_langid() -> None:
    back = round_trip("@article{a, title={T}, journal={J}, year=2000, langid={english}}")
    assert "langid = {english}" in back


def test_an_articles_issue_field_comes_back_as_issue() -> None:
    back = round_trip("@article{a, title={T}, journal={J}, year=2000, volume=5, issue={3}}")
    assert "issue = {3}" in back
    assert "number" not in back


def test_titleaddon_comes_back_as_titleaddon() -> None:
    back = round_trip("@book{b, title={T}, titleaddon={A Novel}, publisher={P}, year=2009}")
    assert "titleaddon = {A Novel}" in back


def test_howpublished_url_comes_back_in_howpublished() -> None:
    back = round_trip(r"@misc{m, title={FAQ}, year=2019, howpublished={\url{https://texfaq.org}}}")
    assert r"howpublished = {\url{https://texfaq.org}}" in back


def test_a_note_that_reads_like_a_carried_line_stays_the_note() -> None:
    back = round_trip(
        "@article{a, title={T}, journal={J}, year=2002, issue={1},"
        " note={doi: 10.1177/107780040200800103; 23}}"
    )
    assert "note = {doi: 10.1177/107780040200800103; 23}" in back
    assert "\n  doi = " not in back


def test_fields_with_leading_underscores_survive() -> None:
    # JabRef's __markedentry, and fields commented out by an underscore (higham's _isbn)
    back = round_trip(
        "@book{b, title={T}, publisher={P}, year=1, __markedentry={[x:6]}, _isbn={1}}"
    )
    assert "__markedentry = {[x:6]}" in back
    assert "_isbn = {1}" in back


def test_a_childs_own_year_is_kept_when_the_parent_gives_a_month() -> None:
    back = round_trip(
        "@book{p, title={B}, publisher={P}, year=1990, month=may}\n"
        "@incollection{c, title={C}, year=2012, crossref={p}}"
    )
    child = back[back.index("@incollection") :]
    assert "2012" in child


def test_a_childs_own_month_is_kept_when_the_year_is_inherited() -> None:
    back = round_trip(
        "@book{p, title={B}, publisher={P}, year=1974}\n"
        "@inbook{c, title={C}, month=jan, crossref={p}}"
    )
    child = back[back.index("@inbook") :]
    assert "month = jan" in child
    assert "1974" not in child


def test_an_inherited_titleaddon_is_not_written_into_the_child() -> None:
    back = round_trip(
        "@book{p, title={B}, titleaddon={Addon}, publisher={P}, year=2009}\n"
        "@inbook{c, title={C}, crossref={p}}"
    )
    child = back[back.index("@inbook") :]
    assert "Addon" not in child
    assert "type =" not in child
