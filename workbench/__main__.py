"""Entry point for ``python -m workbench``."""

from workbench.runtime.launch import main

raise SystemExit(main())
