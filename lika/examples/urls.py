from django.urls import path

from . import views

app_name = "examples"
urlpatterns = [path("", views.examples, name="search"), path("similar/", views.similar_examples, name="similar")]
public_urlpatterns = [path("", views.public_examples, name="public-examples")]
