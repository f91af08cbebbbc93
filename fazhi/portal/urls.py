from django.urls import path

from fazhi.portal import views

app_name = "portal"

# Path ids are strings: a non-number is the same "not found" as a hidden record (views._id).
urlpatterns = [
    path("", views.home, name="home"),
    path("search/", views.search, name="search"),
    path("powers/", views.powers, name="powers"),
    path("powers/<str:rule_set_id>/", views.rule_set, name="rule_set"),
    path("powers/items/<str:item_id>/", views.power_item, name="power_item"),
    path("officers/", views.officers, name="officers"),
    path("decisions/", views.decisions, name="decisions"),
    path("decisions/withdrawn/", views.withdrawals, name="withdrawals"),
    path("decisions/<str:publication_id>/", views.decision, name="decision"),
    path("typical-cases/", views.typical_cases, name="typical_cases"),
    path("typical-cases/<str:typical_case_id>/", views.typical_case, name="typical_case"),
    path("figures/", views.figures_list, name="figures_list"),
    path("figures/<str:figures_id>/", views.figures, name="figures"),
    path("complaints/", views.complaint_new, name="complaint_new"),
    path("complaints/track/", views.complaint_track, name="complaint_track"),
]
