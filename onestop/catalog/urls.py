from django.urls import path

from . import views

app_name = "catalog"
urlpatterns = [
    path("items/", views.item_list, name="items"),
    path("items/<str:code>/", views.item_detail, name="item"),
    path("departments/", views.department_list, name="departments"),
    path("departments/<str:code>/", views.department_detail, name="department"),
]
