from django.urls import path

from . import views

app_name = "cases"
urlpatterns = [
    path("items/<str:code>/apply/", views.apply, name="apply"),
    path("my/cases/", views.my_cases, name="mine"),
    path("my/cases/<str:number>/", views.case_detail, name="case"),
    path("my/cases/<str:number>/withdraw/", views.withdraw, name="withdraw"),
    path("my/cases/<str:number>/supplement/", views.supplement, name="supplement"),
    path("my/cases/<str:number>/files/<str:token>/", views.material_file, name="material"),
]
