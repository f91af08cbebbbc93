from django.contrib import admin

from fazhi.core.admin import ReadOnlyAdmin
from fazhi.jobs.models import PeriodicRun


@admin.register(PeriodicRun)
class PeriodicRunAdmin(ReadOnlyAdmin):
    list_display = ("slot", "job", "enqueued_at", "task_id")
    list_filter = ("job",)
