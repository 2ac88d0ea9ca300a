from allauth.account import views as account_views
from django.apps import apps
from django.urls import include, path, re_path

from lika.accounts import views

people_patterns = [
    path("", views.people, name="people"),
    path("<int:pk>/remove/", views.remove_membership, name="remove-membership"),
    path("person/<int:pk>/invite/", views.invite, name="invite"),
    path("rules/", views.role_rules, name="role-rules"),
    path("rules/<int:pk>/remove/", views.remove_role_rule, name="remove-role-rule"),
    path("two-factor/", views.two_factor_policy, name="two-factor-policy"),
]

urlpatterns = [
    # The names Lika's templates and LOGIN_URL use, on allauth's views.
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("people/", include((people_patterns, "accounts"))),
    path("", include("allauth.urls")),
]

if apps.is_installed("allauth.socialaccount.providers.saml"):
    from lika.accounts import saml_logout

    # Before allauth's own: the ACS finish keeps the NameID for single logout; the SLS is stricter.
    urlpatterns[-1:-1] = [
        re_path(r"^saml/(?P<organization_slug>[^/]+)/acs/finish/$", saml_logout.finish_acs),
        re_path(r"^saml/(?P<organization_slug>[^/]+)/sls/$", saml_logout.sls),
    ]
