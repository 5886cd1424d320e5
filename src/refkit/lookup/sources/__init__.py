"""One module per registry: how to ask it, and how to read its answer into a ``Record``.

Each ``lookup`` returns the record, or None when the registry says it does not know the
identifier; it raises ``refkit.lookup.http.UnavailableError`` when the registry gave no usable
answer.  Each ``search`` returns the candidate records of a bibliographic query.
"""
