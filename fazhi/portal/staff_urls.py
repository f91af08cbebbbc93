from django.urls import path

from fazhi.portal import partners, staff

app_name = "portal_staff"

urlpatterns = [
    path("", staff.index, name="index"),
    path("typical-cases/new/", staff.typical_case_new, name="typical_case_new"),
    path("typical-cases/<int:typical_case_id>/<str:action>/", staff.typical_case_action, name="typical_case_action"),
    path("figures/publish/", staff.figures_publish, name="figures_publish"),
    path("partners/", partners.partner_list, name="partners"),
    path("partners/issue/", partners.partner_issue, name="partner_issue"),
    path("partners/<str:partner_id>/revoke/", partners.partner_revoke, name="partner_revoke"),
]
