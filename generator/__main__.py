"""``python -m generator``: the same as the ``secmod`` command."""

from generator.cli import main

main()
