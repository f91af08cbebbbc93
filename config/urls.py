from django.contrib import admin
from django.urls import include, path

from fazhi.core.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("accounts/", include("fazhi.accounts.urls")),
    path("agencies/", include("fazhi.agencies.urls")),
    path("powers/", include("fazhi.powers.urls")),
    path("cases/", include("fazhi.cases.urls")),
    path("", include("fazhi.core.urls")),
]
