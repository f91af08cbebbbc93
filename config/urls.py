from importlib.util import find_spec

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from fazhi.site.api import api

# (prefix, app): an app's pages are routed when the app is installed, so settings alone decide what is live.
APP_URLS: tuple[tuple[str, str], ...] = (
    ("accounts/", "fazhi.accounts"),
    ("agencies/", "fazhi.agencies"),
    ("powers/", "fazhi.powers"),
    ("cases/", "fazhi.cases"),
    ("evidence/", "fazhi.evidence"),
    ("publicity/", "fazhi.publicity"),
    ("documents/", "fazhi.documents"),
    ("legal-affairs/", "fazhi.legal_affairs"),
    ("complaints/", "fazhi.complaints"),
    ("inspections/", "fazhi.inspections"),
    ("delivery/", "fazhi.delivery"),
    ("urban/", "fazhi.urban"),
    ("waste/", "fazhi.waste"),
    ("campaigns/", "fazhi.campaigns"),
    ("counsel/", "fazhi.counsel"),
    ("reports/", "fazhi.reports"),
    ("supervision/", "fazhi.supervision"),
    ("imports/", "fazhi.imports"),
    ("field/", "fazhi.field"),
    ("public/", "fazhi.portal"),
    ("exchange/", "fazhi.exchange"),
)

# 一公开 of 双随机 (no login): the commitments, revealed seeds, assignments and results of the draws.
PUBLIC_INSPECTIONS: list[URLPattern | URLResolver] = (
    [path("public/inspections/", include("fazhi.inspections.public_urls"))]
    if apps.is_installed("fazhi.inspections")
    else []
)

urlpatterns: list[URLPattern | URLResolver] = [
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    *PUBLIC_INSPECTIONS,
    *(
        path(prefix, include(f"{app}.urls"))
        for prefix, app in APP_URLS
        if apps.is_installed(app) and find_spec(f"{app}.urls") is not None
    ),
    # the portal's staff side (its public side is under public/, in APP_URLS)
    *([path("publishing/", include("fazhi.portal.staff_urls"))] if apps.is_installed("fazhi.portal") else []),
    # Open311 GeoReport v2 (docs/open311.md): the complaint categories as services, the public's requests
    *([path("open311/v2/", include("fazhi.portal.open311_urls"))] if apps.is_installed("fazhi.portal") else []),
    path("", include("fazhi.site.urls")),
]
