"""The public pages of 双随机、一公开, routed at /public/inspections/ (no login)."""

from django.urls import path

from fazhi.inspections import public_views

app_name = "inspections_public"
urlpatterns = [
    path("", public_views.public_index, name="index"),
    path("draws/<int:draw_id>/", public_views.public_draw, name="draw"),
    path("draws/<int:draw_id>.json", public_views.public_draw_json, name="draw_json"),
]
