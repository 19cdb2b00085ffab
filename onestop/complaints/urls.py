from django.urls import path

from . import views, views_console

app_name = "complaints"

urlpatterns = [
    path("", views.public_list, name="public-list"),
    path("new/", views.submit, name="submit"),
    path("mine/", views.mine, name="mine"),
    path("r/<str:number>/", views.detail, name="detail"),
    path("public/<str:number>/", views.public_detail, name="public-detail"),
    path("photos/<str:token>/", views.photo, name="photo"),
    path("console/", views_console.queue, name="console-queue"),
    path("console/<str:number>/", views_console.report_page, name="console-report"),
]
