"""Citing: BibTeX to CSL-JSON, refkit's CSL processor, the rendering engines, style
look-up and the output formats.

Imports ``refkit.core`` and ``refkit.bib``.
"""
