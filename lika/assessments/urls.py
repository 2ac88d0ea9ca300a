from django.urls import path

from . import views

app_name = "assessments"
urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.start, name="start"),
    path("follow-up/", views.summary, name="summary"),
    path("follow-up/<slug:table>.<str:file_format>", views.summary_download, name="summary-download"),
    path("templates/", views.templates, name="templates"),
    path("templates/<slug:key>/", views.template_detail, name="template"),
    path("templates/<slug:key>/template.yaml", views.template_download, name="template-download"),
    path("<int:pk>/", views.assessment_view, name="assessment"),
    path("<int:pk>/matter/", views.matter, name="matter"),
    path("<int:pk>/steps/<slug:step_key>/", views.step, name="step"),
    path("<int:pk>/complete/", views.complete, name="complete"),
    path("<int:pk>/not-relevant/", views.not_relevant, name="not-relevant"),
    path("<int:pk>/reopen/", views.reopen, name="reopen"),
    path("<int:pk>/publish/", views.publish, name="publish"),
    path("<int:pk>/section/", views.section_page, name="section"),
    path("<int:pk>/section.docx", views.section_docx, name="section-docx"),
    path("<int:pk>/history/", views.history, name="history"),
]

public_urlpatterns = (
    [
        path("", views.public_index, name="index"),
        path("<int:pk>/", views.public_assessment, name="assessment"),
    ],
    "assessments-public",
)
