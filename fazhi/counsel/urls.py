from django.urls import path

from fazhi.counsel import views

app_name = "counsel"
urlpatterns = [
    path("", views.index, name="index"),
    path("<slug:slug>/", views.records, name="records"),
]
