from django.urls import path

from . import views

app_name = "documents"
urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("new/", views.document_create, name="document_create"),
    path("reader/", views.reader, name="reader"),
    path("uncovered/", views.uncovered, name="uncovered"),
    path("symbol/", views.symbol_check, name="symbol_check"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/edit/", views.document_edit, name="document_edit"),
    path("<int:pk>/archive/", views.document_archive, name="document_archive"),
    path("<int:pk>/links/", views.link_add, name="link_add"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment_download"),
]
