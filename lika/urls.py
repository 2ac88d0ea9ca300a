from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path

from lika.api.api import api
from lika.api.urls import open_data_urlpatterns, token_urlpatterns
from lika.core import health
from lika.core import views as core_views
from lika.core import problem_views, readability_views
from lika.core.admin_site import site as admin_site
from lika.plans import views as plan_views
from lika.assessments.urls import public_urlpatterns as public_assessment_urls
from lika.examples.urls import public_urlpatterns as public_example_urls
from lika.reports.urls import public_urlpatterns as public_report_urls

# Load each app's admin.py (they register on Lika's own admin site) before its URLs are built.
admin.autodiscover()

# Outside the language prefixes: monitoring asks for /healthz, whatever the language; the API
# chooses its language with ?lang= or Accept-Language.
urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
]
urlpatterns += i18n_patterns(
    path("", plan_views.home, name="home"),
    path("my/", core_views.my_page, name="my-page"),
    path("accessibility/", core_views.accessibility, name="accessibility"),
    path("readability/", core_views.readability_help, name="readability-help"),
    path("accessibility/report/", problem_views.report, name="report-problem"),
    path("accessibility/reports/", problem_views.reports, name="problem-reports"),
    path("accessibility/reports/<int:pk>/", problem_views.answer, name="problem-answer"),
    path("readability/targets/", readability_views.targets, name="readability-targets"),
    path("readability/measure/", readability_views.measure, name="readability-measure"),
    path("accounts/", include("lika.accounts.urls")),
    path("admin/", admin_site.urls),
    path("audit/", include("lika.audit.urls")),
    path("api-tokens/", include(token_urlpatterns)),
    path("followup/", include("lika.followup.urls")),
    path("consultation/", include("lika.consultation.urls")),
    path("reports/", include("lika.reports.urls")),
    path("jobs/", include("lika.jobs.urls")),
    path("statistics/", include("lika.statistics.urls")),
    path("assessments/", include("lika.assessments.urls")),
    path("<slug:municipality>/assessments/", include(public_assessment_urls)),
    path("business-plans/", include("lika.textanalysis.urls")),
    path("examples/", include("lika.examples.urls")),
    path("support/", include("lika.support.urls")),
    path("<slug:municipality>/examples/", include(public_example_urls)),
    path("<slug:municipality>/reports/", include(public_report_urls)),
    path("<slug:municipality>/data/", include(open_data_urlpatterns)),
    path("<slug:municipality>/", include("lika.plans.urls")),
    prefix_default_language=False,
)

handler404 = "lika.core.views.not_found"
handler500 = "lika.core.unavailable.server_error"
