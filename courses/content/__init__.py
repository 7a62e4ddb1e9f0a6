"""The platform's own courses, written as data. `loader.content_load` creates whatever is missing."""

from . import challenges, daily_thoughts, distinctions, quickies
from .spec import CourseSpec

COURSES: tuple[CourseSpec, ...] = (distinctions.COURSE, challenges.COURSE, daily_thoughts.COURSE, quickies.COURSE)
