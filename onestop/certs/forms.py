from django import forms

from .qr import MAX_IMAGE_BYTES


class ConsentForm(forms.Form):
    certificate = forms.TypedChoiceField(label="授权的证照", coerce=int)
    service_item = forms.TypedChoiceField(label="办理事项（被授权部门）", coerce=int)
    fields = forms.MultipleChoiceField(label="授权的照面信息", widget=forms.CheckboxSelectMultiple)
    purpose = forms.CharField(label="用途", max_length=200, initial="办理该事项时核对信息")
    days = forms.IntegerField(label="授权期限（天）", min_value=1, max_value=365, initial=30)
    max_uses = forms.IntegerField(label="可使用次数", min_value=1, max_value=100, initial=1)


class QrCodeForm(forms.Form):
    """A QR code to check: a photo or screenshot of it, or the text a scanner read. The public page
    and the console's 扫码查验 each give their own labels; qr.read bounds the pixels after this."""

    missing_message = "请上传二维码图片，或粘贴扫码得到的内容"
    image = forms.FileField(label="上传二维码照片或截图", required=False)
    code = forms.CharField(label="或粘贴扫码得到的内容", required=False, max_length=1000)

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请压缩后重新上传")
        return image

    def clean(self):
        data = super().clean()
        if not data.get("image") and not (data.get("code") or "").strip():
            raise forms.ValidationError(self.missing_message)
        return data

