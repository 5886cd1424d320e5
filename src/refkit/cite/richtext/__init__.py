"""Rich text: the tree every engine's output becomes (``tree``), and one backend per
output format (``text``, ``html``, ``markdown``, ``latex``, ``rst``, ``rtf``)."""
