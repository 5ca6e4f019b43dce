"""Django's form errors that Vietnamese pages showed in English or in odd Vietnamese are
this project's to translate (``xuctien.core.django_messages``)."""

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from xuctien.core import django_messages


def _error(field: forms.Field, value: object) -> str:
    with pytest.raises(ValidationError) as raised:
        field.clean(value)
    return raised.value.messages[0]


@pytest.mark.parametrize(
    ("field", "value", "vietnamese"),
    [
        (forms.IntegerField(), "many", "Nhập một số nguyên."),
        (forms.IntegerField(min_value=0), "-3", "Giá trị phải lớn hơn hoặc bằng 0."),
        (forms.IntegerField(max_value=5), "7", "Giá trị phải nhỏ hơn hoặc bằng 5."),
        (
            forms.ChoiceField(choices=[("a", "A")]),
            "roughly",
            "Hãy chọn một giá trị hợp lệ: roughly không có trong các lựa chọn.",
        ),
        (forms.DurationField(), "soon", "Nhập một khoảng thời gian hợp lệ."),
        (forms.UUIDField(), "x", "Nhập một UUID hợp lệ."),
    ],
)
def test_django_s_form_errors_read_in_vietnamese(field, value, vietnamese):
    with translation.override("vi"):
        assert _error(field, value) == vietnamese


def test_the_english_is_django_s_own():
    with translation.override("en"):
        assert _error(forms.IntegerField(), "many") == "Enter a whole number."


def test_every_message_listed_has_its_vietnamese():
    with translation.override("vi"):
        for message in django_messages.MESSAGES:
            assert translation.gettext(message) != message, message
