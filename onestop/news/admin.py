"""政务公开 in the Django admin. Editors draft and submit; reviewers publish, return or withdraw, through
admin actions that call the same services as everything else. Status fields are never edited directly."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages

from onestop.cases import uploads

from . import services
from .models import Article, ArticleEvent, Attachment, Status


class ArticleForm(forms.ModelForm):
    new_attachment = forms.FileField(label="上传附件", required=False, help_text="PDF、JPEG 或 PNG，单个不超过 10 MB")

    class Meta:
        model = Article
        fields = ["kind", "title", "department", "summary", "body", "document_number", "issuing_authority",
                  "written_on", "validity", "interprets", "items"]
        help_texts = {"body": "纯文本，每段一行；页面上按原文显示，不解释 HTML。", "document_number": "如：斗府〔2026〕12号"}

    def clean_new_attachment(self):
        upload = self.cleaned_data.get("new_attachment")
        if upload:
            problem = uploads.check(upload)
            if problem:
                raise forms.ValidationError(problem)
        return upload

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and self.instance.status != Status.DRAFT:
            raise forms.ValidationError("只有草稿可以修改；已提交审核的请先由审核人退回")
        probe = Article(author_id=0, **{f: cleaned.get(f) for f in services.EDITABLE_FIELDS if f in cleaned})
        try:
            services.validate(probe)
        except services.NewsError as error:
            raise forms.ValidationError(error.message) from None
        return cleaned


class AttachmentInline(admin.TabularInline):
    model = Attachment
    fields = ["original_name", "content_type", "size", "sha256"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class EventInline(admin.TabularInline):
    model = ArticleEvent
    fields = ["at", "action", "from_status", "to_status", "actor", "note"]
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, step, done: str, **kwargs):
    count = 0
    for article in queryset:
        try:
            step(article, **kwargs)
            count += 1
        except services.NewsError as error:
            modeladmin.message_user(request, f"“{article.title}”：{error.message}", messages.ERROR)
    if count:
        modeladmin.message_user(request, f"{done} {count} 条", messages.SUCCESS)


@admin.action(description="提交审核")
def submit_for_review(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.submit_for_review, "已提交审核", editor=request.user)


@admin.action(description="审核通过并发布")
def publish(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.publish, "已发布", reviewer=request.user)


@admin.action(description="退回修改")
def return_to_draft(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.return_to_draft, "已退回", reviewer=request.user,
         reason="审核未通过，请修改后重新提交")


@admin.action(description="撤回已发布信息")
def withdraw(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.withdraw, "已撤回", reviewer=request.user,
         reason="审核人员在管理后台撤回")


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    form = ArticleForm
    list_display = ["title", "kind", "department", "status", "author", "reviewer", "published_at", "index_number"]
    list_filter = ["status", "kind", "department"]
    search_fields = ["title", "document_number", "index_number"]
    readonly_fields = ["index_number", "status", "author", "reviewer", "published_at"]
    filter_horizontal = ["items"]
    inlines = [AttachmentInline, EventInline]
    actions = [submit_for_review, publish, return_to_draft, withdraw]

    def get_readonly_fields(self, request, obj=None):
        # Only drafts are edited; under review or published, the text is what the reviewer saw.
        if obj is not None and obj.status != Status.DRAFT:
            return [*self.readonly_fields, *ArticleForm.Meta.fields]
        return self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        if obj is not None and obj.status != Status.DRAFT:
            form.base_fields.pop("new_attachment", None)
        return form

    def save_model(self, request, obj, form, change):
        fields = {f: form.cleaned_data.get(f) for f in services.EDITABLE_FIELDS}
        if change:
            saved = services.edit_draft(obj, editor=request.user, **fields)
        else:
            saved = services.create_draft(author=request.user, **fields)
        state = obj._state
        obj.__dict__.update({k: v for k, v in saved.__dict__.items() if k != "_state"})
        obj._state = state
        obj._state.adding = False

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        upload = form.cleaned_data.get("new_attachment")
        if upload:
            services.add_attachment(form.instance, upload, editor=request.user)
