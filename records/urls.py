from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("me/record/", views.my_record, name="mine"),
]
