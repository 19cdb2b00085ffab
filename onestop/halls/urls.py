from django.urls import path

from . import views

app_name = "halls"
urlpatterns = [
    path("", views.hall_map, name="map"),
    path("map/", views.hall_map, name="map-page"),
    path("<str:code>/", views.hall_detail, name="detail"),
]
