from django.urls import path

from fazhi.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("todo/", views.todo, name="todo"),
    path("new/", views.case_new, name="case_new"),
    path("simple/new/", views.simple_new, name="simple_new"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
]
