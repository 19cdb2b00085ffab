from django import forms

from .models import Audience, Handling, ItemType
from .search import MAX_QUERY_LENGTH


class ItemSearchForm(forms.Form):
    """The filters of the public item list; invalid values are reported, not silently dropped."""

    q = forms.CharField(label="关键词", required=False, max_length=MAX_QUERY_LENGTH)
    audience = forms.ChoiceField(label="服务对象", required=False, choices=[("", "全部"), *Audience.choices])
    department = forms.CharField(label="部门", required=False, max_length=20)
    theme = forms.SlugField(label="主题", required=False, max_length=40)
    item_type = forms.ChoiceField(label="事项类型", required=False, choices=[("", "全部"), *ItemType.choices])
    handling = forms.ChoiceField(label="办理方式", required=False, choices=[("", "全部"), *Handling.choices])
    badge = forms.ChoiceField(
        label="特色服务",
        required=False,
        choices=[("", "全部"), ("certificate_free", "免证办"), ("instant_approval", "秒批"), ("online", "可网上申请")],
    )
    page = forms.IntegerField(label="页码", required=False, min_value=1, max_value=10_000)

    def clean_q(self):
        q = self.cleaned_data["q"]
        if any(ord(c) < 32 or ord(c) == 127 for c in q):
            raise forms.ValidationError("关键词中含有不允许的字符。")
        return q.strip()

    def clean_department(self):
        value = self.cleaned_data["department"]
        if value and not value.replace("-", "").isalnum():
            raise forms.ValidationError("部门编码不正确。")
        return value
