"""The instructor admin in a real browser: sign in, author a course on one page, reorder, scoping."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from courses.models import Course
from lessons.models import Lesson

from .browser import start_chromium, wait_for
from .factories import CourseFactory, ModuleFactory, UserFactory

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct-horse-battery"  # the factories' password


@pytest.fixture
def open_browser(tmp_path):
    """Starts Chromium inside the test, so a missing browser is a test failure, not a setup error."""
    drivers = []

    def open_():
        profile = tmp_path / f"chromium-profile-{len(drivers)}"
        profile.mkdir()
        drivers.append(start_chromium(profile))
        return drivers[-1]

    yield open_
    for driver in drivers:
        driver.quit()


@pytest.fixture(autouse=True)
def instructors_group(transactional_db):
    # The live server needs committed rows, and the flush between such tests removes the group the
    # data migration created; put it back the way the migration does.
    migration = importlib.import_module("accounts.migrations.0002_instructors_group")
    migration.ensure_instructors_group(django_apps, using=DEFAULT_DB_ALIAS)


@pytest.fixture
def plain_http_cookies(settings):
    # The live server speaks plain HTTP, and outside DEBUG the cookies are Secure-only.
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False


def make_instructor(email):
    user = UserFactory(email=email, is_staff=True)
    user.groups.add(Group.objects.get(name="Instructors"))
    return user


def sign_in(browser, live_server, email):
    browser.get(f"{live_server.url}/admin/login/")
    browser.find_element(By.NAME, "username").send_keys(email)
    browser.find_element(By.NAME, "password").send_keys(PASSWORD)
    browser.find_element(By.CSS_SELECTOR, "#login-form [type=submit]").click()
    wait_for(browser, lambda driver: driver.find_elements(By.ID, "user-tools"))


def save(browser):
    browser.find_element(By.CSS_SELECTOR, "#course_form input[name=_save]").click()
    return wait_for(browser, lambda driver: driver.find_elements(By.CSS_SELECTOR, ".messagelist, .errornote"))[0]


def test_instructor_authors_a_course_on_one_page(open_browser, live_server, plain_http_cookies):
    browser = open_browser()
    instructor = make_instructor("coach@example.com")
    CourseFactory(title="Coaching your team", instructors=[instructor])
    CourseFactory(title="Secret course", instructors=[make_instructor("rival@example.com")])

    sign_in(browser, live_server, "coach@example.com")
    browser.get(f"{live_server.url}/admin/courses/course/")
    listed = browser.find_element(By.ID, "result_list").text
    assert "Coaching your team" in listed
    assert "Secret course" not in listed

    browser.get(f"{live_server.url}/admin/courses/course/add/")
    browser.find_element(By.ID, "id_title").send_keys("Leading a sales team")
    slug = browser.find_element(By.ID, "id_slug")
    wait_for(browser, lambda _driver: slug.get_attribute("value") == "leading-a-sales-team")
    browser.find_element(By.ID, "id_modules-0-title").send_keys("Week 1: from seller to leader")
    Select(browser.find_element(By.ID, "id_lessons-0-parent")).select_by_visible_text("New module #1")
    browser.find_element(By.ID, "id_lessons-0-title").send_keys("Why leaders act")
    # A second module added with Django's "Add another" button, and a lesson in it.
    browser.find_element(By.CSS_SELECTOR, "#modules-group .add-row a").click()
    second_module = wait_for(browser, lambda driver: driver.find_element(By.ID, "id_modules-1-title"))
    assert "#2" in browser.find_element(By.CSS_SELECTOR, "#modules-1 .inline_label").text
    second_module.send_keys("Week 2: coaching")
    browser.find_element(By.CSS_SELECTOR, "#lessons-group .add-row a").click()
    Select(wait_for(browser, lambda driver: driver.find_element(By.ID, "id_lessons-1-parent"))).select_by_visible_text(
        "New module #2"
    )
    browser.find_element(By.ID, "id_lessons-1-title").send_keys("The coaching conversation")

    message = save(browser)

    errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".errorlist")]
    assert "was added successfully" in message.text, errors
    course = Course.objects.get(slug="leading-a-sales-team")
    assert list(course.instructors.all()) == [instructor]
    lessons = Lesson.objects.filter(module__course=course).order_by("module__position")
    assert [(lesson.module.title, lesson.title) for lesson in lessons] == [
        ("Week 1: from seller to leader", "Why leaders act"),
        ("Week 2: coaching", "The coaching conversation"),
    ]


def test_instructor_reorders_modules_without_typing_numbers(open_browser, live_server, plain_http_cookies):
    browser = open_browser()
    instructor = make_instructor("coach@example.com")
    course = CourseFactory(title="Coaching your team", instructors=[instructor], status=Course.Status.DRAFT)
    ModuleFactory(course=course, title="First", position=1)
    ModuleFactory(course=course, title="Second", position=2)

    sign_in(browser, live_server, "coach@example.com")
    browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    # adminsortable2's "move to first position" button: the same renumbering as a drag and drop.
    browser.find_element(By.CSS_SELECTOR, "#modules-1 .sort .move-begin").click()
    assert browser.find_element(By.ID, "id_modules-1-position").get_attribute("value") == "1"
    message = save(browser)

    assert "was changed successfully" in message.text, browser.find_element(By.ID, "content").text
    assert list(course.modules.order_by("position").values_list("title", flat=True)) == ["Second", "First"]
