from django import forms


class ConsentForm(forms.Form):
    certificate = forms.TypedChoiceField(label="授权的证照", coerce=int)
    service_item = forms.TypedChoiceField(label="办理事项（被授权部门）", coerce=int)
    fields = forms.MultipleChoiceField(label="授权的照面信息", widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label="用途", max_length=200, initial="办理该事项时核对信息")
    days = forms.IntegerField(label="授权期限（天）", min_value=1, max_value=365, initial=30)
    max_uses = forms.IntegerField(label="可使用次数", min_value=1, max_value=100, initial=1)
