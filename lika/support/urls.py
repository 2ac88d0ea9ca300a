from django.urls import path

from . import events_views, library_views, views

app_name = "support"
urlpatterns = [
    path("", views.index, name="index"),
    path("coordinators/", views.coordinators, name="coordinators"),
    path("coordinators/<str:username>/", views.coordinator, name="coordinator"),
    path("events/", events_views.events, name="events"),
    path("events/new/", events_views.event_edit, name="event-new"),
    path("events/<int:pk>/", events_views.event, name="event"),
    path("events/<int:pk>/edit/", events_views.event_edit, name="event-edit"),
    path("events/<int:pk>/attendance/", events_views.attendance, name="attendance"),
    path("events/<int:pk>/evaluate/", events_views.evaluate, name="evaluate"),
    path("events/<int:pk>/delete/", events_views.event_delete, name="event-delete"),
    path("library/", library_views.library, name="library"),
    path("library/new/", library_views.material_edit, name="material-new"),
    path("library/<int:pk>/edit/", library_views.material_edit, name="material-edit"),
    path("library/<int:pk>/file/", library_views.material_file, name="material-file"),
    path("library/<int:pk>/delete/", library_views.material_delete, name="material-delete"),
]
