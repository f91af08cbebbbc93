from tests.reports.conftest import power_list  # noqa: F401 - the same list and delegation as the report tests
