from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "lanhdao.meetings"
    label = "meetings"
    verbose_name = _("Meetings and leadership of the State")
