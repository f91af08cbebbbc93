"""fazhi (法治): case handling, supervision and reporting for comprehensive administrative law enforcement."""

__version__ = "0.1.0"
