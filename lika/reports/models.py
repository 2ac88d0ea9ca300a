"""The plan owner's own words in a round's report; everything else in the report is computed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from lika.followup.models import FollowUpRound

from .layout import SECTION_KEYS


class RoundReport(models.Model):
    """The narrative sections of one round's report, saved with the round.

    The texts are kept in the language the municipality wrote them in, which the
    report marks up so a screen reader reads them with the right voice.
    """

    round = models.OneToOneField(FollowUpRound, on_delete=models.CASCADE, related_name="report_texts")
    language = models.CharField(
        _("language of the texts"), max_length=2, choices=settings.LANGUAGES, default="sv"
    )
    introduction = models.TextField(_("introduction"), blank=True)
    central_support = models.TextField(_("the central support"), blank=True)
    business_plans = models.TextField(_("analysis of the business plans"), blank=True)
    examples = models.TextField(_("comment on the examples"), blank=True)
    employer = models.TextField(_("the employer perspective"), blank=True)
    conclusions = models.TextField(_("conclusions"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("report texts")
        verbose_name_plural = _("report texts")

    def __str__(self) -> str:
        return f"{self.round}"

    def texts(self) -> dict[str, str]:
        return {key: getattr(self, key) for key in SECTION_KEYS}
