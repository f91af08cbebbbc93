from django.urls import path

from fazhi.evidence import field_views, views

app_name = "evidence"
urlpatterns = [
    path("case/<int:case_id>/", views.case_evidence, name="case_evidence"),
    path("case/<int:case_id>/records/new/", field_views.field_record_new, name="field_record_new"),
    path("case/<int:case_id>/records/<int:record_id>/", field_views.field_record_detail, name="field_record_detail"),
    path("<int:evidence_id>/view/", views.evidence_view, name="evidence_view"),
    path("<int:evidence_id>/download/", views.evidence_download, name="evidence_download"),
]
