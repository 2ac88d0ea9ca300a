from django.urls import path

from . import views

app_name = "examples"
urlpatterns = [path("", views.examples, name="search")]
public_urlpatterns = [path("", views.public_examples, name="public-examples")]
