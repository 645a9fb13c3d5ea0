from django.urls import path

from . import views, views_excel

app_name = "work"
urlpatterns = [
    path("", views.board, name="board"),
    path("tasks/", views.task_list, name="task_list"),
    path("calendar/", views.calendar_view, name="calendar"),
    path("tasks/export.xlsx", views_excel.export_tasks, name="task_export"),
    path("import/", views_excel.import_tasks, name="task_import"),
    path("import/template.xlsx", views_excel.import_template, name="task_import_template"),
    path("tasks/new/", views.task_create, name="task_create"),
    path("tasks/<int:pk>/", views.task_detail, name="task_detail"),
    path("tasks/<int:pk>/edit/", views.task_edit, name="task_edit"),
    path("tasks/<int:pk>/report/", views.task_report, name="task_report"),
    path("tasks/<int:pk>/propose/", views.task_propose, name="task_propose"),
    path("tasks/<int:pk>/accept/", views.task_accept, name="task_accept"),
    path("tasks/<int:pk>/return/", views.task_return, name="task_return"),
    path("tasks/<int:pk>/cancel/", views.task_cancel, name="task_cancel"),
    path("reports/<int:pk>/evidence/", views.report_evidence, name="report_evidence"),
    path("documents/<int:pk>/", views.document_tasks, name="document_tasks"),
    path("units/<int:pk>/", views.unit_panel, name="unit_panel"),
]
