"""The project's URLs plus the references the API benchmark measures everything against.

A0 is a bare Django view served with no middleware at all (bench/wsgi.py routes it around the
middleware); A1 is a DRF view returning {} behind the project's middleware, with no
authentication; A1-auth is the same view behind the project's token authentication.
"""

from django.http import JsonResponse
from django.urls import include, path
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView


def a0(request):
    return JsonResponse({"ok": True})


class A1(APIView):
    authentication_classes: list = []
    permission_classes = [AllowAny]

    def get(self, request):
        return Response({})


class A1Auth(APIView):
    permission_classes = [IsAuthenticated]

    def get(self, request):
        return Response({})


urlpatterns = [
    path("bench/a0/", a0),
    path("bench/a1/", A1.as_view()),
    path("bench/a1-auth/", A1Auth.as_view()),
    path("", include("courseplatform.urls")),
]
