from django import forms

from onestop.certs.qr import MAX_IMAGE_BYTES


class ScanForm(forms.Form):
    image = forms.FileField(label="拍摄或上传二维码图片", required=False)
    code = forms.CharField(label="或粘贴扫码枪读到的内容", required=False, max_length=1000)
    purpose = forms.CharField(label="查验用途", max_length=100, initial="窗口核验")

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and image.size > MAX_IMAGE_BYTES:
            raise forms.ValidationError(f"图片不能超过 {MAX_IMAGE_BYTES // 1024 // 1024} MB，请压缩后重新上传")
        return image

    def clean(self):
        data = super().clean()
        if not data.get("image") and not (data.get("code") or "").strip():
            raise forms.ValidationError("请拍摄或上传二维码图片，或粘贴扫码内容")
        return data
