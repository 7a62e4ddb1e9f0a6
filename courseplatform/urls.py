from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

api_v1: list[URLPattern | URLResolver] = [
    path("", include("courses.urls")),
    path("", include("accounts.urls")),
    path("", include("lessons.urls")),
    path("", include("enrollments.urls")),
    path("", include("teams.urls")),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="api-redoc"),
]

urlpatterns = [
    path("admin/", admin.site.urls),
    path("nested-admin/", include("nested_admin.urls")),
    path("api/v1/", include(api_v1)),
    # The pages account emails link to when no FRONTEND_URL is set.
    path("account/", include("accounts.page_urls")),
]

handler400 = "courseplatform.exceptions.bad_request"
handler404 = "courseplatform.exceptions.not_found"
handler500 = "courseplatform.exceptions.server_error"
