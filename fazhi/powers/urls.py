from django.urls import path

from fazhi.powers import views

app_name = "powers"
urlpatterns = [
    path("", views.item_list, name="item_list"),
    path("items/<int:item_id>/", views.item_detail, name="item_detail"),
    path("items/<int:item_id>/explain/", views.item_explain, name="item_explain"),
    path("import/", views.import_view, name="import"),
    path("versions/", views.rule_set_list, name="rule_set_list"),
    path("export/", views.export, name="export"),
    path("template/", views.template, name="template"),
    path("delegations/", views.delegation_list, name="delegation_list"),
]
