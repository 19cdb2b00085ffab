from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from onestop.accounts import views as accounts_views
from onestop.api import api
from onestop.core import views as core_views
from onestop.window import public as window_public

urlpatterns = [
    path("", include("onestop.portal.urls")),
    path("", include("onestop.catalog.urls")),
    path("", include("onestop.cases.urls")),
    path("", include("onestop.ratings.urls")),  # 好差评: /my/cases/<number>/rate/, /console/ratings/
    path("", include("onestop.appointments.urls")),  # 预约取号; also /console/tickets/, /halls/<code>/screen/
    path("", include("onestop.bundles.urls")),
    path("assistant/", include("onestop.assistant.urls")),
    path("stats/", include("onestop.stats.urls")),
    path("accounts/", include("onestop.accounts.urls")),
    path("my/messages/", include("onestop.notifications.urls")),
    path("my/", include("onestop.certs.urls")),
    path("verify/", include("onestop.certs.urls_public")),  # 证照查验, public
    path("console/window/", include("onestop.window.urls")),  # 综合窗口
    path("progress/", window_public.lookup, name="progress"),  # 办件进度查询, public
    path("console/", include("onestop.console.urls")),
    path("business/", include("onestop.business.urls")),
    path("kiosk/", include("onestop.kiosk.urls")),
    path("halls/", include("onestop.halls.urls")),
    path("complaints/", include("onestop.complaints.urls")),
    path("news/", include("onestop.news.urls")),  # 政务公开
    path("open311/", include("onestop.complaints.open311.urls")),  # GeoReport v2
    path("preferences/elderly-mode/", core_views.toggle_elderly_mode, name="toggle-elderly-mode"),
    path("i18n/", set_language, name="set_language"),  # the language switch (中文 / English), a cookie
    path("healthz", core_views.health, name="health"),
    path("favicon.ico", core_views.favicon, name="favicon"),
    path("api/", api.urls),
    path("admin/login/", accounts_views.admin_login, name="admin-login"),  # the lock answers 429
    path("admin/", admin.site.urls),
]

handler400 = "onestop.core.views.bad_request"
handler403 = "onestop.core.views.permission_denied"
handler404 = "onestop.core.views.page_not_found"
handler500 = "onestop.core.views.server_error"
