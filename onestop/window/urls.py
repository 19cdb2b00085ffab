from django.urls import path

from . import views

app_name = "window"
urlpatterns = [
    path("", views.desk, name="desk"),
    path("queue/", views.queue, name="queue"),
    path("items/<str:code>/", views.counter, name="counter"),
    path("receipts/<str:number>/", views.receipt, name="receipt"),
    path("receipts/<str:number>/pdf/", views.receipt_pdf, name="receipt-pdf"),
]
