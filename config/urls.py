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
    path("evidence/", include("fazhi.evidence.urls")),
    path("publicity/", include("fazhi.publicity.urls")),
    path("documents/", include("fazhi.documents.urls")),
    path("", include("fazhi.core.urls")),
]
