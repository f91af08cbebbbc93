from django.urls import path

from fazhi.field import views

app_name = "field"
urlpatterns = [
    path("", views.shell, name="shell"),
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="sw"),
    path("blocks/", views.blocks, name="blocks"),
]
