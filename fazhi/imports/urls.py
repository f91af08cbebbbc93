from django.urls import path

from fazhi.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template/", views.template, name="template"),
    path("progress/<str:token>/", views.progress, name="progress"),
]
