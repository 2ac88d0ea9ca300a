"""The open-data addresses under /<municipality>/data/ (the API itself is mounted in lika.urls)."""

from django.urls import path

from . import token_views, views

open_data_urlpatterns = [
    path("", views.open_data, name="open-data"),
    path("catalog.<str:file_format>", views.catalogue, name="open-data-catalogue"),
    path("plans/<slug:identifier>.<str:file_format>", views.plan_file, name="open-data-plan"),
    path("rounds/<slug:identifier>.<str:file_format>", views.round_file, name="open-data-round"),
    path("indicators/<slug:identifier>.csv", views.indicator_file, name="open-data-indicator"),
]

token_urlpatterns = [
    path("", token_views.tokens, name="api-tokens"),
    path("<int:pk>/revoke/", token_views.revoke, name="api-token-revoke"),
]
