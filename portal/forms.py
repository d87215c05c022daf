"""WTForms fields shared by the staff blueprints: a select with Thai refusal messages, and a text box
parsed by a domain function (whose bilingual ValueError becomes the field's error)."""
from __future__ import annotations

from flask_babel import gettext as _
from wtforms import SelectField, StringField
from wtforms.validators import ValidationError

__all__ = ["ChoiceField", "ParsedField"]


class ChoiceField(SelectField):
    """A select whose refusal messages are ours (Thai ids), with "" meaning none."""

    def __init__(self, label=None, validators=None, required=True, **kwargs):
        super().__init__(label, validators, coerce=self._coerce, **kwargs)
        self.required = required
        if required:
            self.flags.required = True

    @staticmethod
    def _coerce(value):
        if value in (None, ""):
            return None
        return int(value) if isinstance(value, int) or str(value).lstrip("-").isdigit() else value

    def process_formdata(self, valuelist):
        if valuelist:
            try:
                self.data = self._coerce(valuelist[0])
            except (TypeError, ValueError):
                self.data = None

    def pre_validate(self, form):
        if self.data is None:
            if self.required:
                raise ValidationError(_("กรุณาเลือกจากรายการ"))
            return
        if self.data not in {value for value, _label_ in self.choices}:
            raise ValidationError(_("กรุณาเลือกจากรายการ"))


class ParsedField(StringField):
    """A text box parsed by a domain function; the function's bilingual ValueError is the error."""

    def __init__(self, label=None, validators=None, parser=None, formatter=str, required=False,
                 required_message=None, **kwargs):
        super().__init__(label, validators, **kwargs)
        self.parser = parser
        self.formatter = formatter
        self.required = required
        self.required_message = required_message
        if required:
            self.flags.required = True

    def process_formdata(self, valuelist):
        self.data = None
        if valuelist and str(valuelist[0]).strip():
            self.data = self.parser(valuelist[0])  # a ValueError becomes the field's error

    def pre_validate(self, form):
        if self.required and not (self.raw_data and str(self.raw_data[0]).strip()):
            raise ValidationError(self.required_message or _("กรุณากรอกข้อมูลช่องนี้"))

    def _value(self):
        if self.raw_data:
            return self.raw_data[0]
        return "" if self.data is None else self.formatter(self.data)
