class ApplicationError(Exception):
    """A business rule said no. The API's exception handler turns it into a JSON 4xx."""

    def __init__(
        self,
        message: str,
        *,
        field: str | None = None,
        code: str = "invalid",
        status: int = 400,
        extra=None,
        headers: dict[str, str] | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.field = field
        self.code = code
        self.status = status
        self.extra = extra or {}
        self.headers = headers or {}
