"""Course 4: one-minute videos, one sales idea each: a tip, a technique, or a well-worn quote or cliché."""

from courses.models import Course
from lessons.models import Lesson

from .spec import CourseSpec, LessonSpec, ModuleSpec, md

VIDEO_BASE_URL = "https://videos.example.com/quickies/"


def _quickie(*, slug: str, title: str, body: str, is_preview: bool = False) -> LessonSpec:
    return LessonSpec(
        title=title,
        kind=Lesson.Kind.QUICKIE,
        body=body,
        duration_seconds=60,
        video_url=f"{VIDEO_BASE_URL}{slug}.mp4",
        is_preview=is_preview,
    )


QUICKIES = ModuleSpec(
    title="Quickies",
    summary="One minute, one idea.",
    lessons=(
        _quickie(
            slug="silence-after-the-price",
            title="Say the price, then stop",
            is_preview=True,
            body=md(
                """
                State your price clearly, once, and then stop talking. The urge to fill the silence with
                justifications or an early discount is strong. Resist it. The customer needs a moment to think,
                and whatever you say next is usually a concession.
                """
            ),
        ),
        _quickie(
            slug="next-step-before-you-hang-up",
            title="Book the next step before you hang up",
            body=md(
                """
                Never end a sales conversation with "I'll follow up". Agree the next step while you are both
                still on the call: who does what, and when. Put it in both calendars before you say goodbye.
                """
            ),
        ),
        _quickie(
            slug="just-checking-in",
            title='"Just checking in" is not a reason',
            body=md(
                """
                If your follow-up email starts with "just checking in", the customer already knows it is about
                you, not them. Bring something: a relevant idea, an answer to a question they asked, or a
                decision they need to make. No reason to call? Find one first.
                """
            ),
        ),
        _quickie(
            slug="ask-why-now",
            title='Ask "why now?"',
            body=md(
                """
                Every buyer has a reason for talking to you this quarter rather than last year. Ask "Why now?"
                early in discovery. The answer tells you the urgency, the real sponsor and the date the deal
                actually needs to close.
                """
            ),
        ),
        _quickie(
            slug="always-be-closing",
            title="Always be closing? Always be helping",
            body=md(
                """
                "Always be closing" is the most quoted cliché in sales, and it ages badly. Buyers can feel a
                close coming a mile off. Always be helping them decide instead: clarify, compare, remove risk.
                The close follows the help.
                """
            ),
        ),
        _quickie(
            slug="same-day-recap",
            title="Send the recap the same day",
            body=md(
                """
                After every important meeting, send a short recap before the day is out: what you heard, what
                was agreed and the next step with its date. It shows you listened, catches misunderstandings
                early and often gets forwarded to the people you did not meet.
                """
            ),
        ),
    ),
)

COURSE = CourseSpec(
    slug="sales-quickies",
    title="Sales Quickies",
    summary="Sixty-second videos, one practical sales idea in each.",
    level=Course.Level.BEGINNER,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        Sixty seconds, one idea. Each quickie takes one practical tip or technique, or one saying you have heard
        on every sales floor, and tells you what to do with it on your next call.
        """
    ),
    modules=(QUICKIES,),
)
