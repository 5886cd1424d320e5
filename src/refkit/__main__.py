"""``python -m refkit``: the same as the ``refkit`` command."""

from refkit.cli import main

main()
