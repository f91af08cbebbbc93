from django.urls import path

from fazhi.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.agency_list, name="agency_list"),
    path("officers/", views.officer_list, name="officer_list"),
    path("officers/new/", views.officer_new, name="officer_new"),
    path("officers/<int:officer_id>/", views.officer_detail, name="officer_detail"),
]
