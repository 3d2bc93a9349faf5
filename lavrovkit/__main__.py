"""``python -m lavrovkit`` is the ``lavrovkit`` command."""

import sys

from lavrovkit.cli import main

sys.exit(main())
