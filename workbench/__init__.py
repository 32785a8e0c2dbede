"""Safety Case Workbench: GSN safety cases checked against AI Safety Level requirements."""

__version__ = "0.1.0"
