from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "fazhi.jobs"
    label = "jobs"
    verbose_name = "后台任务与定期任务"
