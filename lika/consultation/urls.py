from django.urls import path

from . import views

app_name = "consultation"
urlpatterns = [
    path("<slug:identifier>/", views.index, name="index"),
    path("<slug:identifier>/new/", views.send, name="send"),
    path("<slug:identifier>/<int:pk>/", views.summary, name="summary"),
    path("<slug:identifier>/<int:pk>/answers.<str:file_format>", views.summary_download, name="summary-download"),
    path("<slug:identifier>/<int:pk>/units/<str:unit>/", views.answer, name="answer"),
    path("<slug:identifier>/<int:pk>/answers/<int:answer>/", views.settle, name="settle"),
    path("<slug:identifier>/<int:pk>/remind/", views.remind, name="remind"),
]
