"""Command line: argparse front end over the service layer (``workbench.cli.main``)."""
