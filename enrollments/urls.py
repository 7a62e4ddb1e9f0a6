from django.urls import path

from . import apis

urlpatterns = [
    path("unsubscribe/<str:token>/", apis.UnsubscribeApi.as_view(), name="unsubscribe"),
    path("email-preferences/<str:token>/", apis.EmailPreferencesApi.as_view(), name="email-preferences"),
    path("courses/<slug:slug>/enrollment/", apis.CourseEnrollmentApi.as_view(), name="course-enrollment"),
    path("enrollments/", apis.EnrollmentListApi.as_view(), name="enrollment-list"),
    path("enrollments/<int:enrollment_id>/", apis.EnrollmentDetailApi.as_view(), name="enrollment-detail"),
    path("certificates/<slug:code>/", apis.CertificateVerifyApi.as_view(), name="certificate-detail"),
    path(
        "challenges/<int:challenge_id>/responses/",
        apis.ChallengeResponseListApi.as_view(),
        name="challenge-response-list",
    ),
    path(
        "challenges/<int:challenge_id>/responses/<int:response_id>/",
        apis.ChallengeResponseDetailApi.as_view(),
        name="challenge-response-detail",
    ),
]
