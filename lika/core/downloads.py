from django.http import HttpResponse

from lika.lib.tables import Table, to_csv, to_xlsx

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table_response(table: Table, filename: str, file_format: str) -> HttpResponse:
    if file_format == "csv":
        response = HttpResponse(to_csv(table), content_type="text/csv; charset=utf-8")
        filename = f"{filename}.csv"
    else:
        response = HttpResponse(to_xlsx(table), content_type=XLSX)
        filename = f"{filename}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
