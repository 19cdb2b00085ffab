from ninja import Schema


class ParameterError(Schema):
    parameter: str
    message: str


class Problem(Schema):
    """RFC 9457 problem details."""

    type: str
    title: str
    status: int
    code: str
    detail: str | None = None
    errors: list[dict] | None = None
