"""BibTeX and biblatex text: the scanner, the lossless model, names, LaTeX, reading and writing.

Imports only ``refkit.core``.
"""
