from django.urls import path

from fazhi.exchange import views

app_name = "exchange"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("subscribers/new/", views.subscriber_new, name="subscriber_new"),
    path("subscribers/<int:subscriber_id>/toggle/", views.subscriber_toggle, name="subscriber_toggle"),
    path("messages/<int:message_id>/replay/", views.replay, name="replay"),
]
