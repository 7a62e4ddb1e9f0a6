"""Course 3: two-minute thoughts, one a day, grouped in weekly themes."""

from courses.models import Course
from lessons.models import Lesson

from .spec import CourseSpec, LessonSpec, ModuleSpec, md

DAYS_PER_WEEK = 7


def _week(*, index: int, title: str, summary: str, thoughts: tuple[tuple[str, str], ...]) -> ModuleSpec:
    """A weekly theme: its thoughts unlock on consecutive days from the start of week `index` (0-based)."""
    return ModuleSpec(
        title=title,
        summary=summary,
        lessons=tuple(
            LessonSpec(
                title=thought_title,
                kind=Lesson.Kind.DAILY_THOUGHT,
                body=body,
                duration_seconds=120,
                unlock_after=index * DAYS_PER_WEEK + day,
            )
            for day, (thought_title, body) in enumerate(thoughts)
        ),
    )


ACT_DONT_REACT = _week(
    index=0,
    title="Week 1: Act, don't react",
    summary="Five short thoughts on responding on purpose instead of by reflex.",
    thoughts=(
        (
            "Start the day on purpose",
            md(
                """
                Before you open your inbox, write down one thing you will do today that moves your team forward.
                Not a reply, not a report: an action you chose.

                The inbox will hand you plenty to react to by lunchtime. Make sure at least one thing in your
                day was your idea.

                **Today:** write your one action on a sticky note and do it before noon.
                """
            ),
        ),
        (
            "The first answer is rarely the best",
            md(
                """
                When a problem lands, your first answer usually comes from habit. Sometimes habit is right, but
                you will not know until you have asked one more question.

                Try "What outcome do we actually want here?" before "What do we usually do?"

                **Today:** for one decision, write down a second option before you pick the first.
                """
            ),
        ),
        (
            "A decision is not the finish line",
            md(
                """
                Making a decision feels like the end of the job. It is closer to the start. Things shift, people
                interpret what you said in their own way, and the customer does something nobody expected.

                Leaders stay close enough to notice and steer again.

                **Today:** pick a decision from last week and find out what has happened since.
                """
            ),
        ),
        (
            "Prevent tomorrow's fire",
            md(
                """
                Some fires are bad luck. Most are the same fire, lit again. The late forecast, the proposal
                rushed out on a Friday, the handover nobody owned.

                Putting it out feels productive. Removing the cause is productive.

                **Today:** name the fire you fight most often, and one change that would stop it starting.
                """
            ),
        ),
        (
            "Friday question: who chose your week?",
            md(
                """
                Look back at your calendar for the week. Mark each block: did you choose it, or did it choose
                you? Meetings you called, coaching you planned and calls you decided to join count as chosen.

                No judgement. Just count.

                **Today:** block one hour next week for something you choose, and protect it.
                """
            ),
        ),
    ),
)

COMMITMENT_OVER_COMPLIANCE = _week(
    index=1,
    title="Week 2: Commitment over compliance",
    summary="Five short thoughts on asking for commitment, and keeping your own.",
    thoughts=(
        (
            "Ask, then wait",
            md(
                """
                "What will you commit to?" is a powerful question, provided you stop talking after you ask it.

                The silence that follows is where the rep decides. Fill it with your own number and you have
                turned a commitment back into an instruction.

                **Today:** ask the question once, and count to ten before you speak.
                """
            ),
        ),
        (
            "A commitment has a date",
            md(
                """
                "I'll get to it" is not a commitment. "I'll send the revised proposal by Thursday at noon" is.

                A date turns good intentions into something both of you can check, without it ever having to
                become a confrontation.

                **Today:** add a date to every promise you make or receive.
                """
            ),
        ),
        (
            "When the enthusiasm wears off",
            md(
                """
                Saying yes at the team meeting is easy. The real test comes on an ordinary afternoon weeks later,
                when the energy has gone and the promise is still on the list.

                That afternoon is where commitment lives. Plan for it instead of relying on the mood of the day
                you said yes.

                **Today:** revisit one commitment you made a month ago. Where is it?
                """
            ),
        ),
        (
            "Go first",
            md(
                """
                Your team watches what you do with your own commitments far more closely than they listen to
                what you say about theirs.

                Every promise you keep makes asking easier. Every one you quietly drop makes it harder.

                **Today:** keep one small promise to your team, visibly, and on time.
                """
            ),
        ),
        (
            "Celebrate the kept promise",
            md(
                """
                We celebrate the big deal. We rarely celebrate the rep who said they would rebuild their
                pipeline by the fifteenth and did.

                Recognise the kept commitment, not just the result, and you will get more of both.

                **Today:** thank one person, by name, for doing exactly what they said they would.
                """
            ),
        ),
    ),
)

COURSE = CourseSpec(
    slug="daily-2-minute-thoughts",
    title="Daily 2-Minute Leadership and Sales Thoughts",
    summary="One two-minute thought a day for sales leaders, organised into weekly themes.",
    level=Course.Level.BEGINNER,
    drip_mode=Course.DripMode.DAILY,
    description=md(
        """
        A short thought on leadership or selling every working day, each one small enough to read over your
        first coffee and practical enough to use before lunch.

        The thoughts are grouped into weekly themes. A new one unlocks each weekday from the day you enrol, and
        every thought ends with one thing to try today.
        """
    ),
    modules=(ACT_DONT_REACT, COMMITMENT_OVER_COMPLIANCE),
)
