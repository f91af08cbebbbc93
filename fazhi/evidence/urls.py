from django.urls import path

from fazhi.evidence import views

app_name = "evidence"
urlpatterns = [
    path("case/<int:case_id>/", views.case_evidence, name="case_evidence"),
    path("<int:evidence_id>/view/", views.evidence_view, name="evidence_view"),
    path("<int:evidence_id>/download/", views.evidence_download, name="evidence_download"),
]
