from django.apps import AppConfig


class SupervisionConfig(AppConfig):
    name = "fazhi.supervision"
    label = "supervision"
    verbose_name = "执法监督、案卷评查与通报"
