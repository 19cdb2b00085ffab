from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect, render
from django.urls import path

from . import services
from .models import AnswerLog, FaqEntry, IndexState


class FaqImportForm(forms.Form):
    file = forms.FileField(label="JSONL 文件", help_text='每行一个 JSON 对象：{"id", "question"?, "title"?, "text"}')


@admin.register(FaqEntry)
class FaqEntryAdmin(admin.ModelAdmin):
    list_display = ["key", "question", "title", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["key", "question", "title", "answer"]
    filter_horizontal = ["items"]
    change_list_template = "admin/assistant/faqentry/change_list.html"

    def get_urls(self):
        return [path("import/", self.admin_site.admin_view(self.import_view), name="assistant_faqentry_import"),
                *super().get_urls()]

    def import_view(self, request):
        form = FaqImportForm(request.POST or None, request.FILES or None)
        errors: list[str] = []
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["file"]
            if upload.size > 5 * 1024 * 1024:
                errors = ["文件超过 5 MB"]
            else:
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError:
                    errors = ["文件不是 UTF-8 编码的文本"]
                else:
                    result = services.import_faq(text)
                    errors = result.errors
                    if not errors:
                        messages.success(request, f"导入完成：新增 {result.created} 条，更新 {result.updated} 条。")
                        return redirect("admin:assistant_faqentry_changelist")
        context = {**self.admin_site.each_context(request), "form": form, "errors": errors[:50],
                   "more_errors": max(0, len(errors) - 50), "title": "导入常见问题", "opts": self.model._meta}
        return render(request, "admin/assistant/faqentry/import.html", context, status=400 if errors else 200)


class NeedsAttention(admin.SimpleListFilter):
    title = "需要补充"
    parameter_name = "attention"

    def lookups(self, request, model_admin):
        return [("nothing", "没有找到答案"), ("unhelpful", "评价为没有帮助"), ("any", "以上任一")]

    def queryset(self, request, queryset):
        if self.value() == "nothing":
            return queryset.filter(confident=False)
        if self.value() == "unhelpful":
            return queryset.filter(feedback="unhelpful")
        if self.value() == "any":
            return queryset.filter(confident=False) | queryset.filter(feedback="unhelpful")
        return queryset


@admin.register(AnswerLog)
class AnswerLogAdmin(admin.ModelAdmin):
    list_display = ["asked_at", "question", "confident", "feedback", "shown_ids"]
    list_filter = [NeedsAttention, "confident", "feedback"]
    search_fields = ["question"]
    date_hierarchy = "asked_at"
    readonly_fields = ["asked_at", "question", "shown", "confident", "feedback", "feedback_at"]
    exclude = ["client", "token"]

    @admin.display(description="展示的条目")
    def shown_ids(self, log: AnswerLog) -> str:
        return "、".join(f"{s['id']}（{s['score']}）" for s in log.shown[:3])

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(IndexState)
class IndexStateAdmin(admin.ModelAdmin):
    list_display = ["version", "entries", "built_at"]
    readonly_fields = ["version", "entries", "built_at", "documents_hash"]

    def has_add_permission(self, request):
        return False
