from django.urls import path

from fazhi.complaints import views

app_name = "complaints"
urlpatterns = [
    path("", views.complaint_list, name="list"),
    path("scores/", views.complaint_scores, name="scores"),
    path("<int:complaint_id>/", views.complaint_detail, name="detail"),
    path("<int:complaint_id>/action/", views.complaint_action, name="action"),
]
