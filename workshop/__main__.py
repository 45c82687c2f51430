"""``python -m workshop`` is the ``workshop`` command."""

from .cli import main

main()
