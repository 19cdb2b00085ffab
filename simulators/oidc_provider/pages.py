"""The simulator's HTML pages: the login page that lists the demo residents, and the error page
shown when the request cannot be sent back to the client (unknown client or redirect URI)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from html import escape
from typing import Any

TITLE = "广东省统一身份认证平台（模拟）"

_STYLE = """
body { font-family: "Noto Sans CJK SC", "PingFang SC", "Microsoft YaHei", sans-serif; margin: 0; color: #1f2937; background: #f3f4f6; }
header { background: #b91c1c; color: #fff; padding: 12px 24px; }
header h1 { margin: 0; font-size: 1.4rem; }
main { max-width: 960px; margin: 0 auto; padding: 16px 24px; }
.notice { background: #fff7ed; border: 1px solid #fdba74; border-radius: 6px; padding: 8px 12px; }
table { border-collapse: collapse; width: 100%; background: #fff; margin-top: 12px; }
th, td { border-bottom: 1px solid #e5e7eb; padding: 6px 8px; text-align: left; }
button { font-size: 1rem; padding: 6px 14px; border-radius: 4px; border: 1px solid #b91c1c; background: #b91c1c; color: #fff; cursor: pointer; }
button.secondary { background: #fff; color: #b91c1c; }
.sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
"""


def _page(title: str, body: str) -> str:
    return (
        '<!doctype html><html lang="zh-Hans"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{_STYLE}</style></head>"
        f"<body><header><h1>{escape(TITLE)}</h1></header><main>{body}</main></body></html>"
    )


def _mask(id_number: str) -> str:
    return id_number[:6] + "*" * (len(id_number) - 10) + id_number[-4:]


def login_page(request_params: Mapping[str, str], residents: Iterable[Mapping[str, Any]], client_name: str) -> str:
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">' for k, v in request_params.items()
    )
    rows = "".join(
        "<tr>"
        f"<td>{escape(r['name'])}</td><td>{escape(_mask(r['id_number']))}</td><td>{escape(r['gender'])}</td>"
        f"<td>{escape(r['birth_date'])}</td><td>{escape(r.get('division_name', ''))}</td>"
        f'<td><button type="submit" name="subject" value="{escape(r["sub"])}" '
        f'aria-label="以{escape(r["name"])}的身份登录">以此身份登录</button></td>'
        "</tr>"
        for r in residents
    )
    body = (
        '<p class="notice">这是模拟的统一身份认证平台，只有虚构的演示居民。选择一位居民即视为其已通过实名认证，'
        f"平台将把其姓名和证件号码提供给“{escape(client_name)}”。</p>"
        f'<form method="post" action="/authorize">{hidden}'
        '<table><caption>请选择登录的演示居民</caption>'
        '<thead><tr><th scope="col">姓名</th><th scope="col">证件号码</th><th scope="col">性别</th>'
        '<th scope="col">出生日期</th><th scope="col">镇街</th><th scope="col"><span class="sr-only">操作</span></th></tr></thead>'
        f"<tbody>{rows}</tbody></table>"
        '<p><button type="submit" name="action" value="deny" class="secondary">取消登录</button></p>'
        "</form>"
    )
    return _page(f"登录 - {TITLE}", body)


def error_page(message: str, error: str) -> str:
    body = (
        f'<h2>无法完成登录请求</h2><p class="notice">{escape(message)}</p>'
        f"<p>错误代码：<code>{escape(error)}</code>。请返回发起登录的网站重试。</p>"
    )
    return _page(f"登录请求有误 - {TITLE}", body)
