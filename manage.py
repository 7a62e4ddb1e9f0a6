#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "courseplatform.settings.base")
    if "DJANGO_SECRET_KEY" not in os.environ:
        # No production configuration at all: a developer's checkout, so development mode
        # (a throwaway key, SQLite under var/). Production sets DJANGO_SECRET_KEY and stays
        # out of DEBUG unless it asks for it.
        os.environ.setdefault("DJANGO_DEBUG", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
