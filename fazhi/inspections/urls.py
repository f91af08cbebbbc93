from django.urls import path

from fazhi.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/draw/", views.draw_run, name="draw_run"),
    path("draws/<int:draw_id>/", views.draw_detail, name="draw"),
    path("tasks/", views.tasks, name="tasks"),
]
