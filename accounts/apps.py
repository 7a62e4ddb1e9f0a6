from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from . import (
            lockout,  # noqa: F401  (connects the sign-in failure counters)
            token_cache,
        )

        token_cache.connect()
