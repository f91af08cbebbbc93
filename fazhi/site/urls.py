from django.urls import path

from fazhi.site import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("system/holidays/", views.holidays, name="holidays"),
    path("exports/<int:export_id>/", views.export_status, name="export"),
    path("exports/<int:export_id>/progress/", views.export_progress, name="export_progress"),
    path("exports/<int:export_id>/file/", views.export_download, name="export_download"),
]
