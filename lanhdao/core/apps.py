from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "lanhdao.core"
    label = "core"
