from django.apps import AppConfig


class DemoConfig(AppConfig):
    # Above every domain: it loads each domain's demo data in order. Nothing imports it.
    name = "lika.demo"
    label = "demo"
