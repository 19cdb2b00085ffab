"""Templates are edited here: the form shows the current wording; saving a change adds a version
(notices keep the version they were made from). The change page previews the wording rendered
with the template's sample parameters, the short message with its signature and part count."""

from django import forms
from django.contrib import admin
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string

from . import wording
from .models import Delivery, Notice, NoticeTemplate, TemplateVersion


class TemplateForm(forms.ModelForm):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(label="站内消息正文", widget=forms.Textarea(attrs={"rows": 3}))
    sms_text = forms.CharField(label="短信正文", max_length=300, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                               help_text="不含签名（发送时自动加【签名】）；中文短信每条 70 字，长短信每条 67 字。留空则不发短信")
    email_subject = forms.CharField(label="邮件主题", max_length=150, required=False, help_text="留空则用标题")
    email_body = forms.CharField(label="邮件正文", required=False, widget=forms.Textarea(attrs={"rows": 3}),
                                 help_text="留空则用站内消息正文")

    class Meta:
        model = NoticeTemplate
        fields = ["key", "name", "kind", "sample_context"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        current = self.instance.current_version() if self.instance.pk else None
        if current is not None:
            for name in wording.FIELDS:
                self.fields[name].initial = getattr(current, name)

    def clean_sample_context(self):
        sample = self.cleaned_data["sample_context"]
        if not isinstance(sample, dict) or not all(isinstance(k, str) and isinstance(v, str | int) for k, v in sample.items()):
            raise forms.ValidationError("示例参数应为 JSON 对象，值为文字或数字，如 {\"number\": \"DM2026120300001\"}")
        return sample

    def clean(self):
        data = super().clean()
        sample = data.get("sample_context")
        if isinstance(sample, dict):
            for name, problem in wording.problems({n: data.get(n) or "" for n in wording.FIELDS}, sample).items():
                self.add_error(name, problem)
        return data

    def wording(self) -> dict[str, str]:
        return {name: self.cleaned_data.get(name) or "" for name in wording.FIELDS}


class VersionInline(admin.TabularInline):
    model = TemplateVersion
    fields = ["number", "title", "body", "sms_text", "created_at", "created_by"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    ordering = ["-number"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(NoticeTemplate)
class NoticeTemplateAdmin(admin.ModelAdmin):
    form = TemplateForm
    list_display = ["key", "name", "kind", "version_number"]
    list_filter = ["kind"]
    search_fields = ["key", "name"]
    readonly_fields = ["preview"]
    inlines = [VersionInline]
    fieldsets = [
        (None, {"fields": ["key", "name", "kind", "sample_context"]}),
        ("当前措辞（保存修改即生成新版本）", {"fields": list(wording.FIELDS)}),
        ("预览（按示例参数）", {"fields": ["preview"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["key", "preview"] if obj else ["preview"]  # code calls notify() by the key

    @admin.display(description="当前版本")
    def version_number(self, obj):
        current = obj.current_version()
        return f"第{current.number}版" if current else "—"

    @admin.display(description="预览")
    def preview(self, obj):
        current = obj.current_version() if obj and obj.pk else None
        if current is None:
            return "保存后显示预览"
        shown = wording.preview({n: getattr(current, n) for n in wording.FIELDS}, obj.sample_context)
        return render_to_string("admin/notifications/preview.html", {"p": shown, "version": current})

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            current = obj.current_version()
            new = form.wording()
            if current is None or any(getattr(current, n) != v for n, v in new.items()):
                number = (obj.versions.aggregate(n=Max("number"))["n"] or 0) + 1
                TemplateVersion.objects.create(template=obj, number=number, created_by=request.user, **new)


class DeliveryInline(admin.TabularInline):
    model = Delivery
    fields = ["channel", "address", "status", "attempts", "reason", "segments", "delivered_at", "next_attempt_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "user", "address", "kind", "created_at", "read_at"]
    list_filter = ["kind", "template"]
    search_fields = ["title", "dedupe_key"]
    readonly_fields = ["user", "address", "template", "version", "kind", "title", "body", "link", "dedupe_key", "created_at", "read_at"]
    inlines = [DeliveryInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["notice", "channel", "status", "attempts", "reason", "created_at", "delivered_at"]
    list_filter = ["channel", "status"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
