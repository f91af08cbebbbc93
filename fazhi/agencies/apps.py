from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "fazhi.agencies"
    label = "agencies"
    verbose_name = "执法主体与人员"
