import logging

from .protection import mask_id_numbers_in


class MaskIdNumbers(logging.Filter):
    """Masks anything shaped like a citizen ID number in every log record, whatever logged it."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_id_numbers_in(message)
        if masked != message:
            record.msg, record.args = masked, ()
        return True
