from django.urls import path

from fazhi.waste import views

app_name = "waste"
urlpatterns = [
    path("", views.index, name="index"),
    path("permits/", views.permit_list, name="permits"),
    path("permits/<int:permit_id>/", views.permit_detail, name="permit_detail"),
    path("permits/<int:permit_id>/revoke/", views.permit_revoke, name="permit_revoke"),
    path("checks/", views.check_list, name="checks"),
    path("checks/<int:check_id>/", views.check_detail, name="check_detail"),
    path("checks/<int:check_id>/case/", views.check_case, name="check_case"),
]
