from django.urls import path

from fazhi.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template/", views.template, name="template"),
    path("progress/<int:run_id>/", views.progress, name="progress"),
]
