from django.urls import path

from fazhi.inspections import views

app_name = "inspections"
urlpatterns = [
    path("", views.index, name="index"),
    path("plans/<int:plan_id>/", views.plan_detail, name="plan"),
    path("draws/<int:draw_id>/", views.draw_detail, name="draw"),
    path("tasks/", views.tasks, name="tasks"),
    path("tasks/<int:task_id>/", views.task_detail, name="task"),
]
