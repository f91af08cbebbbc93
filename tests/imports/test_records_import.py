

def test_a_reconsideration_of_an_imported_historical_case_keeps_its_number_in_the_note(bureau, power_list):
    from fazhi.imports.models import HistoricalCase
    from fazhi.imports.services import cases_import
    from tests.reports.known import csv_bytes

    cases_import(actor=None, data=csv_bytes(), filename="known.csv")
    number = HistoricalCase.objects.order_by("pk").first().case_number  # type: ignore[union-attr]
    row = {**RECONSIDERATION, "决定书文号": number}
    assert _run(bureau.admin, "reconsiderations", bureau.bureau, [row]).imported == 1
    item = Reconsideration.objects.get()
    assert item.case is None and number in item.note and "历史案件" in item.note
