"""Desktop front end (PySide6): the only package that imports Qt; it talks to workbench.app."""
