from django.urls import path

from . import views, views_screen, views_staff

app_name = "appointments"
urlpatterns = [
    path("items/<str:code>/appointment/", views.book, name="book"),
    path("my/appointments/", views.mine, name="mine"),
    path("my/appointments/<str:code>/", views.detail, name="detail"),
    path("my/appointments/<str:code>/change/", views.change, name="change"),
    path("my/appointments/<str:code>/cancel/", views.cancel, name="cancel"),
    path("my/appointments/<str:code>/check-in/", views.check_in, name="check-in"),
    path("console/tickets/", views_staff.desk, name="desk"),
    path("console/tickets/action/", views_staff.desk_action, name="desk-action"),
    path("halls/<str:code>/screen/", views_screen.screen, name="screen"),
]
