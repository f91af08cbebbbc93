from django.apps import AppConfig


class FieldConfig(AppConfig):
    name = "fazhi.field"
    label = "field"
    verbose_name = "现场执法（离线）"
    default_auto_field = "django.db.models.BigAutoField"
