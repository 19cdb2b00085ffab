from ninja import Schema
from pydantic import model_validator


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


class RequestObject(Schema):
    """A request body (or part of one) that must be a JSON object. ninja's Schema reads attributes of
    any value (for ORM objects), so a schema whose fields all have defaults would accept `[null]`."""

    @model_validator(mode="before")
    @classmethod
    def _an_object(cls, value):
        if not isinstance(getattr(value, "_obj", value), dict):
            raise ValueError("应为 JSON 对象")
        return value
