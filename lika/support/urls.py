from django.urls import path

from . import views

app_name = "support"
urlpatterns = [
    path("", views.coordinators, name="index"),
    path("coordinators/", views.coordinators, name="coordinators"),
    path("coordinators/<str:username>/", views.coordinator, name="coordinator"),
]
