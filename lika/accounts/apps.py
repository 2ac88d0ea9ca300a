from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lika.accounts"
    label = "lika_accounts"
    verbose_name = _("Sign-in")
