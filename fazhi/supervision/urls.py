from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.board, name="board"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("ranking/", views.ranking, name="ranking"),
]
