"""``python -m slakit``: the same as the ``slakit`` command."""

import sys

from slakit.cli import main

sys.exit(main())
