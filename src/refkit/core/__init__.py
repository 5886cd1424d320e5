"""The vocabulary every layer shares: errors, source positions, diagnostics, text encodings.

Nothing here imports any other part of refkit.
"""
