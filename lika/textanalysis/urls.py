from django.urls import path

from lika.textanalysis import views

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
]
