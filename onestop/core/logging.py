import logging

from .protection import mask_id_numbers_in

_FORMATTER = logging.Formatter()


class MaskIdNumbers(logging.Filter):
    """Masks anything shaped like a citizen ID number in every log record, whatever logged it:
    the message, and the text of an attached exception or stack."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        masked = mask_id_numbers_in(message)
        if masked != message:
            record.msg, record.args = masked, ()
        if record.exc_info and not record.exc_text:
            record.exc_text = _FORMATTER.formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = mask_id_numbers_in(record.exc_text)
        if record.stack_info:
            record.stack_info = mask_id_numbers_in(record.stack_info)
        return True
