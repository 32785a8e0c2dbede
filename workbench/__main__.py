"""Entry point for ``python -m workbench``."""

from workbench.launch import main

raise SystemExit(main())
