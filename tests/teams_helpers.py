"""Building blocks for the team tests: a team with members, a course with content, a client per user."""

from rest_framework.test import APIClient

from courses.models import Course
from teams.models import Team, TeamMembership
from teams.services import team_create

from .factories import ChallengeFactory, CourseFactory, LessonFactory, ModuleFactory, QuizFactory, UserFactory


def client_for(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def team_with_members(*, manager=None, n_members: int = 2, name: str = "Northern sales") -> tuple[Team, list]:
    """A team made through the service (so its manager is a real membership), with members added."""
    manager = manager or UserFactory()
    team = team_create(user=manager, name=name)
    members = [UserFactory() for _ in range(n_members)]
    TeamMembership.objects.bulk_create([TeamMembership(team=team, user=user, role="member") for user in members])
    return team, members


def course_with_content(*, n_lessons: int = 2, quiz: bool = True, n_challenges: int = 1, **kwargs) -> Course:
    """A published course: lessons in one module, a quiz on the first lesson, some challenges."""
    course = CourseFactory(**kwargs)
    module = ModuleFactory(course=course, position=0)
    lessons = [LessonFactory(module=module, position=i) for i in range(n_lessons)]
    if quiz and lessons:
        QuizFactory(lesson=lessons[0])
    for number in range(1, n_challenges + 1):
        ChallengeFactory(course=course, number=number)
    return course
