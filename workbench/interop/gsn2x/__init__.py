"""gsn2x YAML: read GSN arguments (one file or modules across files) and write them back.

``reader`` turns gsn2x documents into a safety case (counter-arguments become challenges),
``writer`` does the reverse; ``vocabulary`` holds what both must agree on, ``yaml_io`` the
strict YAML loading.
"""

from workbench.interop.gsn2x.reader import kind_from_id, parse_gsn2x, parse_gsn2x_files
from workbench.interop.gsn2x.vocabulary import IMPORTED_BY, SESSION_TITLE, Gsn2xImport
from workbench.interop.gsn2x.writer import export_gsn2x, export_gsn2x_files
from workbench.interop.gsn2x.yaml_io import load_yaml_strict

__all__ = [
    "IMPORTED_BY",
    "SESSION_TITLE",
    "Gsn2xImport",
    "export_gsn2x",
    "export_gsn2x_files",
    "kind_from_id",
    "load_yaml_strict",
    "parse_gsn2x",
    "parse_gsn2x_files",
]
