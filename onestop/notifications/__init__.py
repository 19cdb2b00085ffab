"""Notices to people (通知): one outbox written inside the state change's transaction, delivered after
commit by background tasks through channels (inbox, SMS, e-mail). Call ``services.notify``."""
