from django import forms

from onestop.certs.forms import QrCodeForm


class ScanForm(QrCodeForm):
    missing_message = "请拍摄或上传二维码图片，或粘贴扫码内容"
    image = forms.FileField(label="拍摄或上传二维码图片", required=False)
    code = forms.CharField(label="或粘贴扫码枪读到的内容", required=False, max_length=1000)
    purpose = forms.CharField(label="查验用途", max_length=100, initial="窗口核验")
