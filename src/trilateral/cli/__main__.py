"""``python -m trilateral.cli``: the same as the ``trilateral`` command."""

from trilateral.cli import main

main()
