"""Rule sets in the admin: drafts are edited as JSON and checked on save; publishing retires the
previous version; a draft can be dry-run against the item's past decisions first."""

from __future__ import annotations

import json

from django import forms
from django.contrib import admin, messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils.html import format_html

from . import services
from .models import Decision, RuleSet


class RuleSetForm(forms.ModelForm):
    definition = forms.JSONField(label="规则定义（JSON）", widget=forms.Textarea(attrs={"rows": 30, "cols": 120, "style": "font-family: monospace"}))

    class Meta:
        model = RuleSet
        fields = ["item", "note", "definition"]

    def clean_definition(self):
        definition = self.cleaned_data["definition"]
        if not isinstance(definition, dict):
            raise forms.ValidationError("规则定义应为 JSON 对象")
        try:
            services.parse_definition(definition)
        except services.RuleSetProblem as exc:
            raise forms.ValidationError(exc.messages) from None
        return definition


@admin.register(RuleSet)
class RuleSetAdmin(admin.ModelAdmin):
    form = RuleSetForm
    list_display = ["item", "version", "status", "note", "published_at", "tools"]
    list_filter = ["status"]
    search_fields = ["item__name", "item__code"]
    autocomplete_fields = ["item"]
    actions = ["publish"]

    def get_readonly_fields(self, request, obj=None):
        # A published or retired version is a record of what decided cases: never edited in place.
        if obj and obj.status != RuleSet.Status.DRAFT:
            return ["item", "version", "status", "note", "definition_pretty", "created_by", "published_by", "published_at"]
        return ["version", "status"] if obj else []

    def get_fields(self, request, obj=None):
        if obj and obj.status != RuleSet.Status.DRAFT:
            return ["item", "version", "status", "note", "definition_pretty", "created_by", "published_by", "published_at"]
        return ["item", "note", "definition"]

    @admin.display(description="规则定义")
    def definition_pretty(self, obj):
        return format_html("<pre style='white-space: pre-wrap'>{}</pre>", json.dumps(obj.definition, ensure_ascii=False, indent=2))

    @admin.display(description="操作")
    def tools(self, obj):
        links = [format_html('<a href="{}">试运行</a>', reverse("admin:rules_ruleset_dry_run", args=[obj.pk]))]
        return format_html(" ".join(["{}"] * len(links)), *links)

    def save_model(self, request, obj, form, change):
        if obj.status != RuleSet.Status.DRAFT:
            return
        if not change:
            draft = services.create_draft(obj.item, obj.definition, user=request.user, note=obj.note)
            obj.pk, obj.version = draft.pk, draft.version
            return
        super().save_model(request, obj, form, change)

    def has_delete_permission(self, request, obj=None):
        return bool(obj is None or obj.status == RuleSet.Status.DRAFT) and super().has_delete_permission(request, obj)

    @admin.action(description="发布所选规则集（替换该事项现行版本）")
    def publish(self, request, queryset):
        for rule_set in queryset:
            try:
                services.publish_rule_set(rule_set, user=request.user)
                self.message_user(request, f"已发布：{rule_set.item.name} 第 {rule_set.version} 版", messages.SUCCESS)
            except services.RuleSetProblem as exc:
                self.message_user(request, f"{rule_set.item.name} 第 {rule_set.version} 版未发布：{'；'.join(exc.messages)}", messages.ERROR)

    def get_urls(self):
        return [path("<int:pk>/dry-run/", self.admin_site.admin_view(self.dry_run_view), name="rules_ruleset_dry_run")] + super().get_urls()

    def dry_run_view(self, request, pk: int):
        rule_set = get_object_or_404(RuleSet.objects.select_related("item"), pk=pk)
        if not self.has_view_permission(request, rule_set):
            return redirect("admin:index")
        try:
            rows = services.dry_run(rule_set)
        except services.RuleSetProblem as exc:
            self.message_user(request, "；".join(exc.messages), messages.ERROR)
            return redirect("admin:rules_ruleset_change", pk)
        changed = [r for r in rows if r.changed]
        return render(request, "admin/rules/dry_run.html", {
            **self.admin_site.each_context(request), "title": f"试运行：{rule_set}", "rule_set": rule_set,
            "rows": rows, "changed": changed, "opts": self.model._meta,
        })


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["case_number", "rule_set", "outcome", "decided_at", "elapsed_ms"]
    list_filter = ["outcome"]
    search_fields = ["case_number"]
    readonly_fields = [f.name for f in Decision._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
