from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "lika.accounts"
    label = "lika_accounts"
    verbose_name = _("Sign-in")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from .middleware import mark_session_touched

        user_logged_in.connect(mark_session_touched, dispatch_uid="lika-session-touched")
