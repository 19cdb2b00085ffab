from django.db import models


class IdempotencyRecord(models.Model):
    """The first answer to a POST with an Idempotency-Key, replayed for any retry with the same key."""

    scope = models.CharField(max_length=100)  # who sent it: e.g. "api-client:12" or "user:5"
    key = models.CharField(max_length=200)
    request_hash = models.CharField(max_length=64)
    status = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["scope", "key"], name="one_answer_per_key")]
