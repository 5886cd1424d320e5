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
