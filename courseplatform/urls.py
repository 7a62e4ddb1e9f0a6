from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

import accounts.urls
import courses.urls
import enrollments.urls
import lessons.urls
import teams.urls

# The apps' routes in one flat list rather than one include() each: resolving a path walks the
# list once, instead of descending into every app's list before it and building the "tried"
# report of each miss (about a third of the CPU of resolving a lesson's or a quiz's route).
api_v1: list[URLPattern | URLResolver] = [
    *courses.urls.urlpatterns,
    *accounts.urls.urlpatterns,
    *lessons.urls.urlpatterns,
    *enrollments.urls.urlpatterns,
    *teams.urls.urlpatterns,
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="schema"), name="api-docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="schema", template_name="api/redoc.html"), name="api-redoc"),
]

urlpatterns = [
    path("api/v1/", include(api_v1)),  # first: nearly every request is an API request
    path("admin/", admin.site.urls),
    path("nested-admin/", include("nested_admin.urls")),
    # The pages account emails link to when no FRONTEND_URL is set.
    path("account/", include("accounts.page_urls")),
]

handler400 = "courseplatform.exceptions.bad_request"
handler404 = "courseplatform.exceptions.not_found"
handler500 = "courseplatform.exceptions.server_error"
