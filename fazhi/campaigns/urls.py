from django.urls import path

from fazhi.campaigns import views

app_name = "campaigns"
urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("<int:campaign_id>/", views.campaign_detail, name="detail"),
    path("<int:campaign_id>/step/", views.campaign_step, name="step"),
    path("soft-measures/", views.soft_measure_list, name="soft_measures"),
    path("soft-measures/<int:measure_id>/case/", views.soft_measure_case, name="soft_measure_case"),
]
