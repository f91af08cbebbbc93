from django.urls import path

from fazhi.legal_affairs import views

app_name = "legal_affairs"
urlpatterns = [
    path("", views.index, name="index"),
    path("litigations/<int:litigation_id>/hearing/", views.litigation_hearing, name="litigation_hearing"),
    path("<slug:slug>/<int:item_id>/remedy/", views.remedy_action, name="remedy_action"),
    path("<slug:slug>/", views.records, name="records"),
]
