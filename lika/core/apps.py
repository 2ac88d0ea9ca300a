from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lika.core"
    label = "core"
