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
urlpatterns += [
    path("alerts/<int:alert_id>/", views.alert_detail, name="alert_detail"),
    path("alerts/<int:alert_id>/assign/", views.alert_assign, name="alert_assign"),
    path("dispositions/", views.disposition_list, name="disposition_list"),
    path("dispositions/<int:disposition_id>/<str:action>/", views.disposition_step, name="disposition_step"),
    path(
        "dispositions/<int:disposition_id>/files/<int:attachment_id>/",
        views.disposition_attachment,
        name="disposition_attachment",
    ),
    path("inspections/", views.inspection_list, name="inspection_list"),
    path("inspections/<int:inspection_id>/", views.inspection_detail, name="inspection_detail"),
    path("inspections/<int:inspection_id>/items/", views.inspection_item, name="inspection_item"),
    path("issued/", views.issued_list, name="issued_list"),
    path("issued/<int:bulletin_id>/", views.issued_detail, name="issued_detail"),
    path("library/", views.case_library, name="library"),
]
