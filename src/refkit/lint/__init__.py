"""Checking and fixing: configuration, the data models, the rules, the corrections list,
the check and fix engines and the reports.

Imports ``refkit.core`` and ``refkit.bib``.
"""
