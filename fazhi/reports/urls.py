from django.urls import path

from fazhi.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("records/", views.records, name="records"),
    path("export/", views.export, name="export"),
    path("annual/", views.annual, name="annual"),
]
