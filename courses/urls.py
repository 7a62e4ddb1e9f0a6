from django.urls import path

from . import apis

urlpatterns = [
    path("courses/", apis.CourseListApi.as_view(), name="course-list"),
    path("courses/<slug:slug>/", apis.CourseDetailApi.as_view(), name="course-detail"),
    path("challenges/", apis.ChallengeListApi.as_view(), name="challenge-list"),
]
