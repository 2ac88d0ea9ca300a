from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TextAnalysisConfig(AppConfig):
    name = "lika.textanalysis"
    label = "textanalysis"
    verbose_name = _("Business-plan analysis")
