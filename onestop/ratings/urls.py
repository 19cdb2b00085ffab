from django.urls import path

from . import views

app_name = "ratings"
urlpatterns = [
    path("my/cases/<str:number>/rate/", views.rate_case, name="rate-case"),
    path("console/ratings/", views.follow_ups, name="follow-ups"),
    path("console/ratings/<int:pk>/", views.follow_up, name="follow-up"),
]
