from allauth.account import views as account_views
from django.urls import include, path

urlpatterns = [
    # The names Lika's templates and LOGIN_URL use, on allauth's views.
    path("login/", account_views.login, name="login"),
    path("logout/", account_views.logout, name="logout"),
    path("", include("allauth.urls")),
]
