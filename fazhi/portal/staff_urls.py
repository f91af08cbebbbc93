from django.urls import path

from fazhi.portal import staff

app_name = "portal_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("typical-cases/new/", staff.typical_case_new, name="typical_case_new"),
    path("typical-cases/<int:typical_case_id>/<str:action>/", staff.typical_case_action, name="typical_case_action"),
    path("figures/publish/", staff.figures_publish, name="figures_publish"),
]
