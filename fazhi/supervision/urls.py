from django.urls import path

from fazhi.supervision import views

app_name = "supervision"
urlpatterns = [
    path("", views.board, name="board"),
    path("alerts/", views.alert_list, name="alert_list"),
    path("bulletin/", views.bulletin, name="bulletin"),
    path("ranking/", views.ranking, name="ranking"),
]
urlpatterns += [
    path("reviews/", views.review_draws, name="review_draws"),
    path("reviews/results/", views.review_results, name="review_results"),
    path("reviews/<int:draw_id>/", views.review_draw, name="review_draw"),
    path("reviews/<int:draw_id>/checklist/", views.review_checklist_default, name="review_checklist_default"),
    path("reviews/<int:draw_id>/cases/<int:case_id>/score/", views.review_score, name="review_score"),
]
