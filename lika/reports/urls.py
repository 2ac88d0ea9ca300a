from django.urls import path

from . import consultation_views, planreading_views, views

app_name = "reports"
urlpatterns = [
    path("programmes/<slug:identifier>/", views.programme_rollup, name="programme"),
    path(
        "programmes/<slug:identifier>/report.<str:file_format>",
        views.programme_rollup_download,
        name="programme-download",
    ),
    path("business-plans/<slug:identifier>/<int:year>/", planreading_views.reading_report, name="reading"),
    path(
        "business-plans/<slug:identifier>/<int:year>/report.<str:file_format>",
        planreading_views.reading_report_download,
        name="reading-download",
    ),
    path(
        "consultations/<slug:identifier>/<int:pk>/summary.<str:file_format>",
        consultation_views.consultation_summary,
        name="consultation-summary",
    ),
    path("<slug:identifier>/", views.round_report, name="round"),
    path("<slug:identifier>/make.<str:file_format>", views.round_report_make, name="make"),
    path("<slug:identifier>/texts/", views.round_report_texts, name="texts"),
    path("<slug:identifier>/report.<str:file_format>", views.round_report_download, name="download"),
]

public_urlpatterns = [
    path("", views.public_reports, name="public-reports"),
    path("programme/<slug:identifier>/", views.public_programme_rollup, name="public-programme"),
    path(
        "programme/<slug:identifier>/report.<str:file_format>",
        views.public_programme_rollup_download,
        name="public-programme-download",
    ),
    path("<slug:identifier>/", views.public_report, name="public-report"),
    path("<slug:identifier>/report.<str:file_format>", views.public_report_download, name="public-report-download"),
]
