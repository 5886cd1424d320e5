"""100 varied CSL-JSON items for comparing refkit.cite.csl with citeproc-js.

Books, chapters, articles, reports, web pages, theses, legal cases; corporate and
multi-author names, particles, suffixes; the same author in the same year (so styles
must disambiguate).  Deterministic: item i is built from template i % 10.
"""

from __future__ import annotations

from typing import Any

_PEOPLE = [
    {"family": "Smith", "given": "Jane"},
    {"family": "Beethoven", "given": "Ludwig", "non-dropping-particle": "van"},
    {"family": "Gaulle", "given": "Charles", "dropping-particle": "de"},
    {"family": "King", "given": "Martin Luther", "suffix": "Jr."},
    {"family": "Nakamura", "given": "Hiro"},
    {"family": "García Márquez", "given": "Gabriel"},
    {"family": "O'Neil", "given": "Cathy"},
    {"family": "Smith", "given": "John"},
]
_ORGS = [
    {"literal": "United Nations Office on Drugs and Crime"},
    {"literal": "World Health Organization"},
    {"literal": "Shared Hope International"},
]


def _authors(i: int) -> list[dict[str, str]]:
    count = [1, 2, 3, 4, 7][i % 5]
    return [_PEOPLE[(i + k) % len(_PEOPLE)] for k in range(count)]


def varied_items(n: int = 100) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 10
        year = 1995 + (i * 7) % 30
        item: dict[str, Any] = {"id": f"v{i}", "issued": {"date-parts": [[year]]}}
        title = f"Study number {i} of trafficking and technology"
        if kind == 0:
            item.update(
                type="book",
                author=_authors(i),
                title=title,
                publisher="Oxford University Press",
                **{"publisher-place": "Oxford"},
            )
        elif kind == 1:
            item.update(
                type="chapter",
                author=_authors(i),
                title=title,
                editor=[_PEOPLE[(i + 3) % 8]],
                publisher="Routledge",
                **{
                    "container-title": "Handbook of Crime",
                    "publisher-place": "London",
                    "page": f"{i + 10}-{i + 30}",
                },
            )
        elif kind == 2:
            item.update(
                type="article-journal",
                author=_authors(i),
                title=title,
                volume=str(i % 40 + 1),
                issue=str(i % 4 + 1),
                page=f"{100 + i}-{120 + i}",
                DOI=f"10.1000/item.{i}",
                **{"container-title": "International Migration"},
            )
        elif kind == 3:
            item.update(
                type="report",
                author=[_ORGS[i % 3]],
                title=title,
                publisher=_ORGS[i % 3]["literal"],
                number=f"E.{i}.V.10",
                **{"publisher-place": "Vienna"},
            )
        elif kind == 4:
            item.update(
                type="webpage",
                author=[_ORGS[(i + 1) % 3]],
                title=title,
                URL=f"https://example.org/page/{i}",
                accessed={"date-parts": [[2024, 3, 5]]},
                **{"container-title": "Example Site"},
            )
        elif kind == 5:
            item.update(
                type="thesis",
                author=[_PEOPLE[i % 8]],
                title=title,
                genre="PhD thesis",
                publisher="University of Vienna",
            )
        elif kind == 6:
            item.update(
                type="legal_case",
                title=f"United States v. Case{i}",
                authority="5th Cir.",
                volume=str(200 + i),
                page=str(600 + i),
                **{"container-title": "F. App'x"},
            )
        elif kind == 7:
            # the same author and year as item i - 7 (kind 0): disambiguation
            item.update(
                type="book",
                author=_authors(i - 7),
                title=f"Another {title}",
                publisher="Polity",
                **{"publisher-place": "Cambridge"},
            )
            item["issued"] = {"date-parts": [[1995 + ((i - 7) * 7) % 30]]}
        elif kind == 8:
            item.update(
                type="article-newspaper",
                author=[_PEOPLE[(i + 5) % 8]],
                title=title,
                **{"container-title": "The Guardian"},
            )
            item["issued"] = {"date-parts": [[year, (i % 12) + 1, (i % 27) + 1]]}
        else:
            item.update(
                type="paper-conference",
                author=_authors(i),
                title=title,
                page=f"{i}-{i + 9}",
                **{
                    "container-title": "Proceedings of the Conference on Crime",
                    "publisher": "ACM",
                    "publisher-place": "New York",
                },
            )
        items.append(item)
    return items
