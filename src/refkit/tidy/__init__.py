"""Tidying jobs on the lossless model: format, citation keys, merging duplicates, extracting.

Imports only ``refkit.core``, ``refkit.bib``, ``refkit.lint`` and ``refkit.manuscript``.
Every job here changes only what it was asked to change and proves it: formatting is
checked to keep the file's meaning (``refkit.tidy.meaning``), key changes and merges come
with the map of old to new keys, and manuscripts are rewritten only at the citations.
"""
