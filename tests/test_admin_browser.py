"""The instructor admin in a real browser: sign in, author a course on one page, reorder, scoping."""

import importlib
import json

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from courses.models import Course
from lessons.models import Lesson, Question

from .browser import horizontal_overflow, screenshot, start_chromium, wait_for
from .factories import CourseFactory, UserFactory

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
    support = importlib.import_module("enrollments.migrations.0008_instructors_support_permissions")
    support.ensure_support_permissions(django_apps, using=DEFAULT_DB_ALIAS)


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


def add_row(browser, group: str, index: int):
    """Click a group's "Add another" link (django-nested-admin) and return the new row's title input."""
    # The group's own link comes last: the links of the rows nested in it come before.
    link = browser.find_elements(By.CSS_SELECTOR, f"#{group}-group .djn-add-item a.djn-add-handler")[-1]
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", link)
    link.click()
    prefix = group.removesuffix("-group")
    return wait_for(browser, lambda driver: driver.find_element(By.ID, f"{prefix}-{index}"))


def fill(browser, field_id: str, text: str) -> None:
    element = browser.find_element(By.ID, field_id)
    browser.execute_script("arguments[0].scrollIntoView({block: 'center'})", element)
    element.clear()
    element.send_keys(text)


def drag_above(browser, row_id: str, target_id: str) -> None:
    """Drag a row by its handle above another row, the way a person does with the mouse."""
    # A window as tall as the page, so that both rows are on screen without scrolling mid-drag.
    width = browser.get_window_size()["width"]
    browser.set_window_size(width, browser.execute_script("return document.documentElement.scrollHeight") + 200)
    browser.execute_script("window.scrollTo(0, 0)")
    handle = browser.find_element(By.CSS_SELECTOR, f"#{row_id} > h3.djn-drag-handler")
    target = browser.find_element(By.CSS_SELECTOR, f"#{target_id} > h3.djn-drag-handler")
    actions = ActionChains(browser)
    actions.move_to_element(handle).click_and_hold()
    for _ in range(3):
        actions.move_by_offset(0, -5).pause(0.05)
    actions.move_to_element(target).pause(0.2).move_by_offset(0, -4).pause(0.2).release().perform()
    browser.set_window_size(width, 1000)


def test_instructor_authors_and_publishes_a_course_with_a_quiz_in_one_submit(
    open_browser, live_server, plain_http_cookies
):
    browser = open_browser()
    browser.set_window_size(1280, 1000)
    instructor = make_instructor("coach@example.com")
    CourseFactory(title="Coaching your team", instructors=[instructor])
    CourseFactory(title="Secret course", instructors=[make_instructor("rival@example.com")])

    sign_in(browser, live_server, "coach@example.com")
    assert "Sales Leadership Courses" in browser.title
    dashboard = browser.find_element(By.ID, "dashboard-courses").text
    assert "Coaching your team" in dashboard and "Secret course" not in dashboard
    assert not browser.find_elements(By.LINK_TEXT, "VIEW SITE") and not browser.find_elements(By.LINK_TEXT, "View site")
    screenshot(browser, "dashboard")

    browser.get(f"{live_server.url}/admin/courses/course/add/")
    fill(browser, "id_title", "Leading a sales team")
    slug = browser.find_element(By.ID, "id_slug")
    wait_for(browser, lambda _driver: slug.get_attribute("value") == "leading-a-sales-team")
    add_row(browser, "modules", 0)
    fill(browser, "id_modules-0-title", "Week 1: from seller to leader")
    add_row(browser, "modules", 1)
    fill(browser, "id_modules-1-title", "Week 2: coaching")
    add_row(browser, "modules-0-lessons", 0)
    fill(browser, "id_modules-0-lessons-0-title", "Why leaders act")
    # The lesson text of a row added on the page is a Markdown editor with a live preview too.
    browser.find_element(By.CSS_SELECTOR, "#modules-0-lessons-0 details summary").click()
    fill(browser, "id_modules-0-lessons-0-body", "Leaders **act**; managers react.")
    preview = browser.find_element(By.CSS_SELECTOR, "#modules-0-lessons-0 .markdownx-preview")
    wait_for(browser, lambda _driver: "<strong>act</strong>" in preview.get_attribute("innerHTML"))
    add_row(browser, "modules-0-lessons", 1)
    fill(browser, "id_modules-0-lessons-1-title", "Your first week")
    add_row(browser, "modules-1-lessons", 0)
    fill(browser, "id_modules-1-lessons-0-title", "The coaching conversation")
    quiz = "modules-0-lessons-0-quiz"
    add_row(browser, quiz, 0)
    fill(browser, f"id_{quiz}-0-title", "Check: act or react")
    for q_index, (text, choices) in enumerate(
        [("Leaders…", [("act", True), ("react", False)]), ("Managers…", [("react", True), ("act", False)])]
    ):
        add_row(browser, f"{quiz}-0-questions", q_index)
        fill(browser, f"id_{quiz}-0-questions-{q_index}-text", text)
        for c_index, (choice, correct) in enumerate(choices):
            add_row(browser, f"{quiz}-0-questions-{q_index}-choices", c_index)
            fill(browser, f"id_{quiz}-0-questions-{q_index}-choices-{c_index}-text", choice)
            if correct:
                browser.find_element(By.ID, f"id_{quiz}-0-questions-{q_index}-choices-{c_index}-is_correct").click()
    Select(browser.find_element(By.ID, "id_status")).select_by_value("published")
    assert horizontal_overflow(browser) == 0
    screenshot(browser, "course-authoring")

    message = save(browser)

    errors = [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".errorlist")]
    assert "was added successfully" in message.text, errors
    course = Course.objects.get(slug="leading-a-sales-team")
    assert course.status == Course.Status.PUBLISHED
    assert list(course.instructors.all()) == [instructor]
    lessons = Lesson.objects.filter(module__course=course).order_by("module__position", "position")
    assert [(lesson.module.title, lesson.title) for lesson in lessons] == [
        ("Week 1: from seller to leader", "Why leaders act"),
        ("Week 1: from seller to leader", "Your first week"),
        ("Week 2: coaching", "The coaching conversation"),
    ]
    questions = Question.objects.filter(quiz__lesson__module__course=course).order_by("position")
    assert [(q.text, [(c.text, c.is_correct) for c in q.choices.order_by("position")]) for q in questions] == [
        ("Leaders…", [("act", True), ("react", False)]),
        ("Managers…", [("react", True), ("act", False)]),
    ]

    # Reorder by drag and drop on the saved course: the second module goes first.
    browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    drag_above(browser, "modules-1", "modules-0")
    wait_for(browser, lambda driver: driver.find_element(By.ID, "id_modules-1-position").get_attribute("value") == "0")
    screenshot(browser, "course-reordered")
    message = save(browser)
    assert "was changed successfully" in message.text, browser.find_element(By.ID, "content").text
    assert list(course.modules.values_list("title", flat=True)) == ["Week 2: coaching", "Week 1: from seller to leader"]

    # Lessons and questions too: week 1's two lessons swap, the quiz's two questions swap, and week
    # 2's lesson is dragged into week 1, between its two. Rows keep their ids while they move
    # inside their group (modules-0 is now week 2, modules-1 week 1); the row dragged to another
    # module is renamed into that module's group.
    browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    week_1 = "modules-1-lessons"
    drag_above(browser, f"{week_1}-1", f"{week_1}-0")
    wait_for(
        browser, lambda driver: driver.find_element(By.ID, f"id_{week_1}-1-position").get_attribute("value") == "0"
    )
    questions_group = f"{week_1}-0-quiz-0-questions"
    drag_above(browser, f"{questions_group}-1", f"{questions_group}-0")
    wait_for(
        browser,
        lambda driver: driver.find_element(By.ID, f"id_{questions_group}-1-position").get_attribute("value") == "0",
    )
    drag_above(browser, "modules-0-lessons-0", f"{week_1}-0")
    week_1_titles = f"[id^='id_{week_1}-'][id$='-title']:not([id*='-quiz-']):not([id*='__prefix__'])"
    wait_for(
        browser,
        lambda driver: (
            [e.get_attribute("value") for e in driver.find_elements(By.CSS_SELECTOR, week_1_titles)]
            == ["Your first week", "The coaching conversation", "Why leaders act"]
        ),
    )
    screenshot(browser, "course-lessons-reordered")
    message = save(browser)
    assert "was changed successfully" in message.text, browser.find_element(By.ID, "content").text
    lessons = Lesson.objects.filter(module__course=course).order_by("module__position", "position")
    assert [(lesson.module.title, lesson.title) for lesson in lessons] == [
        ("Week 1: from seller to leader", "Your first week"),
        ("Week 1: from seller to leader", "The coaching conversation"),
        ("Week 1: from seller to leader", "Why leaders act"),
    ]
    assert [q.text for q in questions.all()] == ["Managers…", "Leaders…"]

    browser.get(f"{live_server.url}/api/v1/courses/?search=sales+team")
    listed = json.loads(browser.find_element(By.TAG_NAME, "body").text)
    assert "leading-a-sales-team" in [item["slug"] for item in listed["results"]]

    rival = open_browser()
    sign_in(rival, live_server, "rival@example.com")
    rival.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    assert "Not Found" in rival.title or "404" in rival.page_source
    assert "Leading a sales team" not in rival.page_source


def test_instructor_grants_a_learner_an_extra_attempt(open_browser, live_server, plain_http_cookies):
    from enrollments.models import EmailLog
    from enrollments.services import enrollment_create
    from lessons.services import quiz_attempt_submit

    from .factories import LessonFactory, ModuleFactory, QuizFactory, question_with_choices

    browser = open_browser()
    browser.set_window_size(1280, 1000)
    instructor = make_instructor("coach@example.com")
    course = CourseFactory(title="Coaching your team", instructors=[instructor], status=Course.Status.PUBLISHED)
    quiz = QuizFactory(lesson=LessonFactory(module=ModuleFactory(course=course)), title="Act or react", max_attempts=1)
    question = question_with_choices(quiz=quiz, correct=(0,))
    pat = UserFactory(email="pat@example.com")
    enrollment, _ = enrollment_create(user=pat, course=course)
    wrong = question.choices.get(is_correct=False, position=1)
    quiz_attempt_submit(user=pat, quiz=quiz, answers=[{"question": question.pk, "choices": [wrong.pk]}])
    EmailLog.objects.filter(user=pat).update(status=EmailLog.Status.FAILED, last_error="550 5.2.2 mailbox full")

    sign_in(browser, live_server, "coach@example.com")
    browser.get(f"{live_server.url}/admin/enrollments/enrollment/?q=pat")
    browser.find_element(By.LINK_TEXT, "pat@example.com").click()
    page = wait_for(browser, lambda driver: driver.find_element(By.CLASS_NAME, "learner-support")).text
    assert wrong.text in page and "550 5.2.2 mailbox full" in page
    Select(browser.find_element(By.ID, "id_grant-quiz")).select_by_visible_text("Coaching your team > Act or react")
    screenshot(browser, "learner-support")
    browser.find_element(By.CSS_SELECTOR, "#grant-form input[type=submit]").click()

    message = wait_for(browser, lambda driver: driver.find_elements(By.CSS_SELECTOR, ".messagelist"))[0]
    assert "Granted 1 extra attempt(s)" in message.text
    assert enrollment.quiz_extra_attempts.get().extra == 1
    assert horizontal_overflow(browser) == 0


def test_instructor_duplicates_exports_and_imports_a_course(open_browser, live_server, plain_http_cookies, tmp_path):
    from courses.transfer import course_export

    from .factories import ChallengeFactory, LessonFactory, ModuleFactory, QuizFactory, question_with_choices

    browser = open_browser()
    browser.set_window_size(1280, 1000)
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)})
    instructor = make_instructor("coach@example.com")
    course = CourseFactory(title="Coaching your team", slug="coaching", instructors=[instructor])
    lesson = LessonFactory(module=ModuleFactory(course=course, title="Week 1"), title="Listen first")
    question_with_choices(quiz=QuizFactory(lesson=lesson, title="Listening"), correct=(1,))
    ChallengeFactory(course=course, title="Ask, then listen", number=1)

    sign_in(browser, live_server, "coach@example.com")
    browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    browser.find_element(By.XPATH, "//button[normalize-space()='Duplicate as draft']").click()
    message = wait_for(browser, lambda driver: driver.find_elements(By.CSS_SELECTOR, ".messagelist"))[0]
    assert "draft copy" in message.text
    copy = Course.objects.get(title="Coaching your team (copy)")

    browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/change/")
    browser.find_element(By.LINK_TEXT, "EXPORT").click()
    exported = wait_for(browser, lambda _driver: list(downloads.glob("coaching.course.json")), timeout=20)[0]

    browser.get(f"{live_server.url}/admin/courses/course/")
    browser.find_element(By.LINK_TEXT, "IMPORT A COURSE").click()
    browser.find_element(By.ID, "id_file").send_keys(str(exported))
    screenshot(browser, "course-import")
    browser.find_element(By.CSS_SELECTOR, "#import-form input[type=submit]").click()
    message = wait_for(browser, lambda driver: driver.find_elements(By.CSS_SELECTOR, ".messagelist"))[0]
    assert "imported as a draft" in message.text

    imported = Course.objects.exclude(pk=course.pk).get(title="Coaching your team")
    assert (imported.slug, imported.status) == ("coaching-3", Course.Status.DRAFT)  # the copy took -2
    original_content = course_export(course=course)["course"]
    for other in (imported, copy):
        trip = course_export(course=other)["course"]
        assert {**trip, "slug": "", "title": ""} == {**original_content, "slug": "", "title": ""}


CHART_STATE = """
const canvas = document.getElementById(arguments[0]);
const chart = window.Chart && Chart.getChart(canvas);
if (!chart) return null;
const values = chart.data.datasets.flatMap((dataset) => dataset.data);
const pixels = canvas.getContext("2d").getImageData(0, 0, canvas.width, canvas.height).data;
let painted = 0;
for (let i = 3; i < pixels.length; i += 4) { if (pixels[i] !== 0) painted++; }
return {points: values.length, total: values.reduce((a, b) => a + b, 0), painted: painted};
"""


def test_insights_draw_their_charts_for_the_demo_data(open_browser, live_server, plain_http_cookies):
    import io

    from django.core.management import call_command

    call_command("load_content", stdout=io.StringIO())
    call_command("simulate_learners", "--demo-data-on-purpose", stdout=io.StringIO())
    instructor = make_instructor("coach@example.com")
    for course in Course.objects.all():
        course.instructors.add(instructor)
    browser = open_browser()
    browser.set_window_size(1280, 1000)
    sign_in(browser, live_server, "coach@example.com")

    for slug, charts in [
        ("sales-leadership-distinctions", ["enrolments", "activity", "funnel", "quizzes", "missed", "stops"]),
        ("25-sales-leader-challenges", ["enrolments", "activity", "commitments"]),
    ]:
        course = Course.objects.get(slug=slug)
        browser.get(f"{live_server.url}/admin/courses/course/{course.pk}/insights/")
        for chart in charts:
            state = wait_for(browser, lambda driver, chart=chart: driver.execute_script(CHART_STATE, f"chart-{chart}"))
            assert state["points"] > 0 and state["total"] > 0, (slug, chart, state)
            assert state["painted"] > 1000, (slug, chart, state)  # drawn on the canvas, not only configured
        assert horizontal_overflow(browser) == 0
        screenshot(browser, f"insights-{slug}")
