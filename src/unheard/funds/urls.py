from django.urls import path

from unheard.funds import views

app_name = "funds"
urlpatterns = [
    path("campaigns/", views.campaign_list, name="campaign_list"),
    path("campaigns/<slug:slug>/", views.campaign_detail, name="campaign_detail"),
    path("campaigns/<slug:slug>/total.json", views.campaign_total, name="campaign_total"),
    path("report/", views.report, name="report"),
    path("report/pdf/", views.report_pdf, name="report_pdf"),
    path("report/csv/", views.report_csv, name="report_csv"),
]
