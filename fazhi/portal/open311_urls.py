"""Open311 GeoReport v2, mounted at /open311/v2/ (config/urls.py); the format is the path's extension."""

from django.urls import re_path

from fazhi.portal import open311

app_name = "open311"

FMT = r"\.(?P<fmt>[A-Za-z0-9]{1,10})"

urlpatterns = [
    re_path(rf"^services{FMT}$", open311.services, name="services"),
    re_path(rf"^services/(?P<code>[^/]{{1,200}}?){FMT}$", open311.service_definition, name="service"),
    re_path(rf"^requests{FMT}$", open311.requests, name="requests"),
    re_path(rf"^requests/(?P<request_id>[^/]{{1,200}}?){FMT}$", open311.request_detail, name="request"),
    re_path(rf"^tokens/(?P<token>[^/]{{1,200}}?){FMT}$", open311.token_detail, name="token"),
]
