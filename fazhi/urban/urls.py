from django.urls import path

from fazhi.urban import views

app_name = "urban"
urlpatterns = [
    path("", views.index, name="index"),
    path("rectifications/", views.rectification_list, name="rectification_list"),
    path("rectifications/<int:order_id>/", views.rectification_detail, name="rectification_detail"),
    path("constructions/", views.construction_list, name="construction_list"),
    path("constructions/<int:construction_id>/", views.construction_detail, name="construction_detail"),
    path("demolitions/", views.demolition_list, name="demolition_list"),
]
