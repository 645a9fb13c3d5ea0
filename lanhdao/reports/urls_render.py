from django.urls import path

from . import views_render

urlpatterns = [
    path("unit/<int:unit_pk>/", views_render.render_demo, name="render_demo"),
    path("jobs/<int:pk>/", views_render.render_job, name="render_job"),
    path("jobs/<int:pk>/download/", views_render.render_download, name="render_download"),
]
