from django import forms


class RegisterForm(forms.Form):
    name = forms.CharField(label="姓名", max_length=30)
    id_number = forms.CharField(label="身份证号码", max_length=18, min_length=18)
    mobile = forms.CharField(label="手机号码", max_length=14)


class MobileForm(forms.Form):
    mobile = forms.CharField(label="手机号码", max_length=14)


class CodeForm(forms.Form):
    code = forms.RegexField(label="短信验证码", regex=r"^\d{6}$", error_messages={"invalid": "请输入6位数字验证码"})
