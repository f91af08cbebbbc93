from django.urls import path

from fazhi.delivery import views

app_name = "delivery"
urlpatterns = [
    path("case/<int:case_id>/send/", views.delivery_send, name="send"),
]
