"""Entry point of the frozen bundle: the same ``annotator`` command as the installed package."""

from annotator.cli.main import main

raise SystemExit(main())
