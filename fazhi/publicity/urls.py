from django.urls import path

from fazhi.publicity import views

app_name = "publicity"
urlpatterns = [
    path("", views.staff_page, name="staff"),
    path("public/", views.public_list, name="public_list"),
    path("export/", views.export, name="export"),
    path("<int:publication_id>/action/", views.publication_action, name="publication_action"),
]
