from django.urls import path

from fazhi.documents import views

app_name = "documents"
urlpatterns = [
    path("case/<int:case_id>/", views.case_documents, name="case_documents"),
    path("case/<int:case_id>/print/<str:kind>/", views.print_view, name="print_view"),
    path("case/<int:case_id>/print/<str:kind>/pdf/", views.print_pdf, name="print_pdf"),
    path("<int:document_id>/download/<str:fmt>/", views.document_download, name="document_download"),
    path("templates/", views.templates_admin, name="templates_admin"),
    path("templates/<int:template_id>/download/", views.template_download, name="template_download"),
    path("templates/default/<str:kind>/", views.template_default_download, name="template_default_download"),
]
