from django.urls import path

from lika.plans import easy_read_views, merge_split_views, revision_views, views

app_name = "plans"
urlpatterns = [
    path("", views.documents, name="documents"),
    path("import/", views.import_file, name="import"),
    path("units/", views.units, name="units"),
    path("units/<str:key>/", views.unit, name="unit"),
    path("documents/<slug:identifier>/", views.document, name="document"),
    path("documents/<slug:identifier>/plan.yaml", views.document_yaml, name="document-yaml"),
    path("documents/<slug:identifier>/matrix/", views.matrix, name="matrix"),
    path("documents/<slug:identifier>/matrix.<str:file_format>", views.matrix_download, name="matrix-download"),
    path("documents/<slug:identifier>/traceability/", views.traceability, name="traceability"),
    path("documents/<slug:identifier>/easy-to-read/", easy_read_views.easy_read, name="easy-read"),
    path("documents/<slug:identifier>/easy-to-read/edit/", easy_read_views.easy_read_edit, name="easy-read-edit"),
    path("documents/<slug:identifier>/revise/", revision_views.revise, name="revise"),
    path("documents/<slug:identifier>/compare/", revision_views.compare, name="compare"),
    path("documents/<slug:identifier>/versions/", revision_views.versions, name="versions"),
    path("documents/<slug:identifier>/adopt/", revision_views.adopt, name="adopt"),
    path("documents/<slug:identifier>/add/", revision_views.node_add, name="node-add"),
    path("documents/<slug:identifier>/nodes/<str:code>/", views.node, name="node"),
    path("documents/<slug:identifier>/nodes/<str:code>/easy-to-read/edit/", easy_read_views.node_easy_read_edit, name="node-easy-read-edit"),
    path("documents/<slug:identifier>/nodes/<str:code>/edit/", revision_views.node_edit, name="node-edit"),
    path("documents/<slug:identifier>/nodes/<str:code>/drop/", revision_views.node_drop, name="node-drop"),
    path("documents/<slug:identifier>/nodes/<str:code>/merge/", merge_split_views.node_merge, name="node-merge"),
    path("documents/<slug:identifier>/nodes/<str:code>/split/", merge_split_views.node_split, name="node-split"),
]
