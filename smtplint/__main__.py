"""``python -m smtplint``."""

from smtplint.cli import main

raise SystemExit(main())
