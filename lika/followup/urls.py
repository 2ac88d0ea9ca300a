from django.urls import path

from . import analysis_views, revision_views, views

app_name = "followup"
unit = "<slug:identifier>/units/<str:unit>/"
report = unit + "measures/<str:code>/"
urlpatterns = [
    path("", views.rounds, name="rounds"),
    path("new/", views.round_create, name="round-create"),
    path("revision/<slug:identifier>/", revision_views.revision, name="revision"),
    path("<slug:identifier>/", views.round_detail, name="round"),
    path("<slug:identifier>/edit/", views.round_edit, name="round-edit"),
    path("<slug:identifier>/state/", views.round_state, name="round-state"),
    path("<slug:identifier>/remind/", views.round_remind, name="round-remind"),
    path("<slug:identifier>/analysis/", analysis_views.analysis, name="analysis"),
    path("<slug:identifier>/analysis/periods/", analysis_views.periods, name="analysis-periods"),
    path("<slug:identifier>/analysis/<slug:figure>.<str:file_format>", analysis_views.download, name="analysis-download"),
    path(unit, views.submission_view, name="submission"),
    path(unit + "start/", views.submission_start, name="submission-start"),
    path(unit + "submit/", views.submission_submit, name="submission-submit"),
    path(unit + "approve/", views.submission_approve, name="submission-approve"),
    path(unit + "answers/", views.answers_edit, name="answers"),
    path(unit + "history/", views.history, name="history"),
    path(report, views.report_view, name="report"),
    path(report + "review/", views.report_review, name="report-review"),
    path(report + "examples/new/", views.example_edit, name="example-new"),
    path(report + "examples/<int:pk>/", views.example_edit, name="example"),
    path(report + "examples/<int:pk>/delete/", views.example_delete, name="example-delete"),
    path(report + "examples/<int:pk>/attachments/<int:attachment>/", views.attachment_download, name="attachment"),
    path(report + "examples/<int:pk>/attachments/<int:attachment>/delete/", views.attachment_delete, name="attachment-delete"),
]
