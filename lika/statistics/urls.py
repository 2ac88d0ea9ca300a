from django.urls import path

from lika.statistics import views

app_name = "statistics"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_indicator, name="import"),
    path("indicators/<int:pk>/", views.indicator, name="indicator"),
    path("indicators/<int:pk>/publish/", views.publish, name="publish"),
    path("indicators/<int:pk>/download.<str:file_format>", views.indicator_download, name="indicator-download"),
    path("microdata/upload/", views.upload, name="upload"),
    path("microdata/<int:pk>/", views.microdata, name="microdata"),
    path("microdata/<int:pk>/delete/", views.delete_microdata, name="microdata-delete"),
    path("microdata/<int:pk>/table.<str:file_format>", views.microdata_download, name="microdata-download"),
    path("representativeness/", views.representativeness, name="representativeness"),
]
