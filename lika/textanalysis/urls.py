from django.urls import path

from lika.textanalysis import against_views, views

app_name = "textanalysis"
urlpatterns = [
    path("", views.index, name="index"),
    path("upload/", views.upload, name="upload"),
    path("plans/<int:pk>/", views.plan, name="plan"),
    path("plans/<int:pk>/delete/", views.delete, name="delete"),
    path("years/<int:year>/", views.year_table, name="year"),
    path("years/<int:year>/table.<str:file_format>", views.year_download, name="year-download"),
    path("vocabulary/", views.vocabulary, name="vocabulary"),
    path("vocabulary/download.yaml", views.vocabulary_download, name="vocabulary-download"),
    path("against/<slug:identifier>/<int:year>/", against_views.year_table, name="against-year"),
    path("against/<slug:identifier>/<int:year>/table.<str:file_format>", against_views.year_download, name="against-year-download"),
    path("against/<slug:identifier>/words/", against_views.words, name="against-words"),
    path("plans/<int:pk>/against/<slug:identifier>/", against_views.plan, name="against-plan"),
    path("plans/<int:pk>/against/<slug:identifier>/decide/", against_views.decide, name="against-decide"),
]
