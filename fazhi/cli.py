"""The ``fazhi`` console command: Django's management commands with fazhi's settings.

fazhi serve            serve the web UI (gunicorn + whitenoise)
fazhi worker           run the task queue and the periodic jobs (imports, supervision scan, expiry)
fazhi demo             load the demo bureau once and print its logins
fazhi migrate          create or upgrade the database
fazhi createsuperuser  add an administrator
fazhi verify           re-compute the audit hash chains and report any break
fazhi inspections verify-draw ID   re-compute a 双随机 draw from its revealed seed (docs/inspections.md)
"""

from __future__ import annotations

import os
import sys

from django.core.management import execute_from_command_line


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

    args = list(sys.argv if argv is None else argv)
    args[0] = "fazhi"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
