from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    # An app only so that its HTML templates and stylesheet are found; it has no models.
    name = "lika.documents"
    label = "documents"
