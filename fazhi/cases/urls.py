from django.urls import path

from fazhi.cases import views

app_name = "cases"
urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("todo/", views.todo, name="todo"),
    path("new/", views.case_new, name="case_new"),
    path("simple/new/", views.simple_new, name="simple_new"),
    path("items/", views.item_search, name="item_search"),
    path("items/check/", views.item_check, name="item_check"),
    path("<int:case_id>/", views.case_detail, name="case_detail"),
]
