"""Course 1: the five distinctions between managing a sales team and leading one."""

from courses.models import Course
from lessons.models import Lesson, Question

from .spec import CourseSpec, LessonSpec, ModuleSpec, QuestionSpec, QuizSpec, md, true_false

ARTICLE = Lesson.Kind.ARTICLE
SINGLE = Question.Kind.SINGLE
MULTIPLE = Question.Kind.MULTIPLE

REACT_ACT = ModuleSpec(
    title="Managers react, leaders act",
    summary="Why a deliberate, purposeful response beats a reflex, and what that looks like when someone quits.",
    lessons=(
        LessonSpec(
            title="The science of reaction and the art of action",
            kind=ARTICLE,
            duration_seconds=420,
            is_preview=True,
            body=md(
                """
                ## A credo from 1987

                > "Management is the science of reaction, leadership is the art of action."
                > — Wayne Fredin, 1987

                Wayne Fredin put this line together in 1987 and has used it as his credo ever since. It is the
                first of the five distinctions in this course, and the others grow out of it.

                ## Acting is not the same as moving first

                It is tempting to read "act" as "get ahead of everything". That is not the point. Plenty of what
                lands on a sales leader's desk could not have been foreseen, and you will respond to it after the
                fact like anyone else. The difference is in *how* you respond. A reaction is a reflex: the
                familiar procedure, started because it is the familiar procedure. An action is a choice. You run
                the situation through a disciplined way of deciding, you know what you are trying to achieve, and
                you respond on purpose.

                And the decision is not the end of it. Expect to keep watching what happens next, and be ready
                to steer again if things drift.

                ## Example: one of six resigns

                Picture a team of six reporting to you. On a Monday morning one of them hands in their notice, with
                no warning at all.

                - **The reflex.** Open a requisition and start hiring a replacement today. Or, if the budget is
                  tight this quarter, quietly let the headcount go.
                - **The considered response.** First learn why the person is really leaving; the stated reason
                  and the real one often differ, and the real one may apply to the other five as well. Then look
                  hard at the role. How much does the business depend on it? Is there someone on the team ready
                  to step up? Would an outside hire serve better? Is this, in fact, a seat that can stay empty for
                  a good reason? Only then decide, and keep an eye on the team in the weeks after.

                Both paths can end with the same new hire. What differs is the thinking that got you there, and
                that thinking is what your team learns from watching you.

                ## Try this week

                Write down the last three "urgent" decisions you made. For each, ask: did I choose this, or did
                the situation choose it for me?
                """
            ),
            quiz=QuizSpec(
                title="Quiz: react or act",
                questions=(
                    QuestionSpec(
                        text="In the credo Wayne Fredin coined in 1987, leadership is described as the art of what?",
                        kind=SINGLE,
                        explanation=(
                            "The full line reads: management is the science of reaction, leadership is the art "
                            "of action."
                        ),
                        choices=(("Action", True), ("Reaction", False), ("Control", False), ("Measurement", False)),
                    ),
                    true_false(
                        "Acting rather than reacting means a leader always moves before a situation arises.",
                        answer=False,
                        explanation=(
                            "Leaders respond to events too. The difference is that they think the situation through "
                            "and respond on purpose, knowing what they want to achieve, instead of by reflex."
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "One of your six direct reports resigns without warning. Which of these responses "
                            "reflect leading rather than managing? Choose all that apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "A leader finds the real reason, weighs how critical the role is before choosing to "
                            "promote, hire or leave it open, and keeps an eye on the rest of the team. Posting an "
                            "advert or freezing the seat straight away are reflexes, however sensible they look."
                        ),
                        choices=(
                            ("Find out the real reason the person is leaving", True),
                            ("Review how critical the role is before deciding how to fill it, or whether to", True),
                            ("Check in with the five people who are staying", True),
                            ("Post the usual job advert within the hour because that is the procedure", False),
                            ("Freeze the position immediately to save budget, without looking further", False),
                        ),
                    ),
                    QuestionSpec(
                        text="You have responded to a situation. What does a leader typically do next?",
                        kind=SINGLE,
                        explanation=(
                            "Acting includes follow-through: staying engaged, watching how things develop and "
                            "giving more direction if it turns out to be needed."
                        ),
                        choices=(
                            ("Stay engaged, monitor how it unfolds and give more direction if needed", True),
                            ("Consider the matter closed and move on to the next fire", False),
                            ("Wait for the next quarterly review to see how it went", False),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

RESOURCES_INDIVIDUALS = ModuleSpec(
    title="You manage resources, you lead individuals",
    summary="Schedules, quotas and careers can be managed. The person attached to them has to be led.",
    lessons=(
        LessonSpec(
            title="People are not line items",
            kind=ARTICLE,
            duration_seconds=360,
            body=md(
                """
                ## What can be managed

                A great deal about a salesperson can be managed, and should be: the calendar, the territory, the
                quota, the pipeline reviews, the performance plan, even the route their career might take. These
                are resources and arrangements. They respond well to structure, tracking and routine.

                The person is a different matter. A rep is not a resource to be allocated, and no amount of
                tracking will get their best work out of them. People are led.

                ## What you lose when you manage the person

                Once you start treating the individual as one more resource, you stop seeing them. The particular
                mix of skills and abilities they bring, what they are strong at, where they still struggle: all
                of it blurs into a row in a spreadsheet. Yet that particular mix is exactly what separates them
                from everyone else on the team, and exactly what you need to know to get their best work.

                Structure and tracking are deliberately impersonal, and for calendars and territories that is a
                strength. Pointed at a human being, the same impersonal habit becomes a blind spot. Leading is
                something you can only do one person at a time.

                ## Where it shows most

                You can see the difference at its starkest when a big company shrinks. A spreadsheet sorted by
                tenure or by last year's revenue decides who stays, and the question of who these people are, and
                what they could still contribute, never comes up. The survivors notice, and draw their own
                conclusions about how they are seen.

                ## In your own team

                Two reps can sit at the same percentage of quota for entirely different reasons. One may be
                stretched across too many accounts; the other may have lost confidence after a big loss. The
                report says they are identical. Leading them means treating them differently.

                ## Try this week

                For each person who reports to you, write one strength, one weakness they are working on and one
                thing that motivates them beyond pay. Where you cannot fill a box with confidence, that is your
                next one-to-one.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: resources and individuals",
                questions=(
                    QuestionSpec(
                        text="Which of these can a sales leader legitimately manage? Choose all that apply.",
                        kind=MULTIPLE,
                        explanation=(
                            "A rep's schedule, performance and career can all be managed. The person themselves "
                            "has to be led."
                        ),
                        choices=(
                            ("A rep's schedule", True),
                            ("A rep's performance", True),
                            ("A rep's career development", True),
                            ("The rep as a person", False),
                        ),
                    ),
                    true_false(
                        "Treating every rep the same way, purely by their numbers, is a hallmark of leadership.",
                        answer=False,
                        explanation=(
                            "Going by the numbers and treating everyone alike is impersonal, which is what management "
                            "is. Leadership is personal: it starts from what makes each rep different."
                        ),
                    ),
                    QuestionSpec(
                        text="What do you lose when you start managing an individual as if they were a resource?",
                        kind=SINGLE,
                        explanation=(
                            "You stop seeing what sets that person apart: what they do well, what they can do and "
                            "where they still need help. That is exactly what you need to know to lead them."
                        ),
                        choices=(
                            ("Sight of what sets them apart from everyone else on the team", True),
                            ("Control over the sales forecast", False),
                            ("The authority to set their quota", False),
                            ("Nothing, as long as the targets are met", False),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A company trims its sales force using only seniority and last quarter's numbers, "
                            "without looking at the people involved. Which mode is that?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Deciding about people purely by numbers or length of service is management applied to "
                            "individuals; nobody is leading them."
                        ),
                        choices=(("Management", True), ("Leadership", False), ("Both in equal measure", False)),
                    ),
                ),
            ),
        ),
    ),
)

RULES_VALUES = ModuleSpec(
    title="Managers focus on rules, leaders focus on values",
    summary="Rules matter, but they come second to values that everyone understands.",
    lessons=(
        LessonSpec(
            title="Doing the right things",
            kind=ARTICLE,
            duration_seconds=420,
            body=md(
                """
                ## Values first, rules second

                Rules have their place. Pricing guardrails, approval limits and data-protection policies exist
                for good reasons. But they sit underneath something more important: a short set of values that
                everyone on the team can state and explain. Get the two in the wrong order and you cap how good
                the team can become.

                ## Most rules are not written down

                Ask your team to list the rules they work by and you will get two lists. One is in the handbook.
                The other, usually longer, is made of habits and precedents: what a previous manager let slide,
                which discounts were approved last year, who "always" gets the inbound leads. Nobody decided these
                rules. They simply accumulated.

                ## Which mode are you in?

                Notice where your hand goes first when a problem arrives. If it reaches for the rulebook, you are
                managing right now. There is no shame in that; it is just worth knowing, because it tells you
                which question you have not yet asked.

                An old saying sums up the distinction: *managers do things right, leaders do the right things.*

                ## Values are not a licence

                None of this gives a leader permission to bend any rule they find inconvenient. The claim is
                narrower. Applying a rule mechanically, with no grasp of the circumstances it is being applied to,
                is not leadership, and a leader should not be put in the position of doing it.

                A customer asks for payment terms that sit outside policy because their fiscal year ends next week.
                The rule-first answer is "no, that is policy". The values-first answer starts with a question:
                what do we stand for with customers, and what is this rule protecting? Sometimes the answer is
                still no, but now your rep knows why, and next time can make the call without you.

                ## Try this week

                Write your team's three most important values, one sentence each. Then pick a rule you enforced
                recently and check which value it served.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: rules and values",
                questions=(
                    true_false(
                        "Putting values first gives a leader permission to ignore any rule that gets in the way.",
                        answer=False,
                        explanation=(
                            "Leaders cannot simply do as they please. The point is that rules should be applied "
                            "with an understanding of the circumstances, not mechanically."
                        ),
                    ),
                    QuestionSpec(
                        text="Complete the saying: managers do things right, and leaders…",
                        kind=SINGLE,
                        explanation="Managers do things right; leaders do the right things.",
                        choices=(
                            ("do the right things", True),
                            ("do things faster", False),
                            ("write the rules", False),
                            ("never follow the rules", False),
                        ),
                    ),
                    QuestionSpec(
                        text="Which statements about rules in a sales team are accurate? Choose all that apply.",
                        kind=MULTIPLE,
                        explanation=(
                            "Many rules are cultural, built on what has been allowed before, and rules rank behind "
                            "clear, well-understood values. Putting rules first limits an organisation's potential."
                        ),
                        choices=(
                            ("Many rules are unwritten and come from what has been tolerated or approved before", True),
                            ("Rules matter, but they rank behind clearly stated, well-understood values", True),
                            ("Every rule that matters is written down in the policy manual", False),
                            ("An organisation reaches its full potential by putting rules ahead of values", False),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A problem lands on your desk and your first move is to check what the rules say. What "
                            "does that tell you?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Reaching for the rulebook first is what management looks like. Knowing that about "
                            "yourself is useful, not shameful."
                        ),
                        choices=(
                            ("You are in management mode, which is a fact rather than a failing", True),
                            ("You are leading by values", False),
                            ("You are about to break a rule", False),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

PROCESS_OUTCOMES = ModuleSpec(
    title="Managers focus on process, leaders focus on outcomes",
    summary="A process earns its place by delivering the result. Support it, improve it, never serve it.",
    lessons=(
        LessonSpec(
            title="The process serves the outcome",
            kind=ARTICLE,
            duration_seconds=420,
            body=md(
                """
                ## Why a process exists

                A sales process is a tool. Stages, qualification criteria, deal reviews and approval steps are
                worth having exactly as far as they help the organisation reach the result it wants. Once
                following the process matters more than reaching the result, the tool has become the master.

                ## Exceptions and the culture behind them

                There will be moments when the sensible thing is to step around the process: a customer's
                deadline, a one-off deal, a situation the process never imagined. A deliberate exception, made for
                a practical reason and understood as an exception, is healthy.

                Watch the trend, though. If most deals now close by working around the process, stop debating the
                process. What you are looking at is a culture problem, and a much bigger one.

                ## Who holds on to process, and why

                Ask a process-minded manager why a step matters and the answer is often "because that's how it
                works here". Sometimes there is a second, unspoken reason: being the approver, the gatekeeper or
                the reviewer feels like power, and few people hand that back willingly.

                A leader keeps their eyes on the outcome. They back the process and expect the team to use it,
                while always asking whether it could be simpler, faster or sharper.

                ## Example: the three-day discount approval

                Every discount above five per cent needs your sign-off, and in a busy week approvals take three
                days. Two deals slipped last quarter while waiting. A process-first manager reminds the team to
                submit requests earlier. An outcome-first leader asks what the approval is protecting, raises the
                threshold or hands the decision to senior reps within clear limits, and checks a month later that
                margins held.

                ## Try this week

                List every approval that runs through you. For each, write down the outcome it protects. Any you
                cannot justify are candidates to simplify or delegate.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: process and outcomes",
                questions=(
                    QuestionSpec(
                        text="When is a sales process worth insisting on?",
                        kind=SINGLE,
                        explanation=(
                            "A process earns its place by helping the organisation get the result it is after. "
                            "Insisting on it for its own sake turns the tool into the master."
                        ),
                        choices=(
                            ("When it serves the organisation and helps deliver the desired outcome", True),
                            ("Always, because the process is the process", False),
                            ("Only when someone is auditing it", False),
                            ("Never, because only outcomes matter", False),
                        ),
                    ),
                    true_false(
                        "A team that routinely works around its sales process has a deeper problem than process "
                        "design: a cultural one.",
                        answer=True,
                        explanation=(
                            "Occasional, deliberate exceptions are healthy. Habitual workarounds point to the culture "
                            "itself."
                        ),
                    ),
                    QuestionSpec(
                        text="Which of these show a leader's approach to process? Choose all that apply.",
                        kind=MULTIPLE,
                        explanation=(
                            "Leaders support the process, allow deliberate exceptions when there is a practical "
                            "reason, and keep looking for ways to streamline it. Holding on to a step for the "
                            "influence it brings, or because it has always been done, is the manager's pattern."
                        ),
                        choices=(
                            ("Supporting the process while looking for ways to streamline it", True),
                            ("Allowing a deliberate one-off exception when practicality demands it", True),
                            ("Keeping an approval step mainly because it gives you influence", False),
                            ("Enforcing every step because that is how it has always been done", False),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

COMPLIANCE_COMMITMENT = ModuleSpec(
    title="Managers insist on compliance, leaders ask for commitment",
    summary="The most philosophical distinction, and the one the 25 Sales Leader Challenges are built on.",
    lessons=(
        LessonSpec(
            title="Asking for commitment",
            kind=ARTICLE,
            duration_seconds=480,
            body=md(
                """
                ## Two mindsets

                The last distinction is less about technique than about what you believe about people. It is
                also where the contrast between the two roles is starkest.

                ## What compliance looks like

                Picture the model employee of a compliance culture. They work by the book and through the proper
                channels. They know precisely where their authority stops, are careful never to step past it, and
                take on no responsibility that is not written into the job. Their record is judged by the mistakes
                that did *not* happen: a quarter in which nothing went wrong counts as a good quarter, whether or
                not anything went right.

                ## What commitment looks like

                Commitment is a promise that survives the moment it was made in. Anyone can sound committed at
                the kick-off meeting, with the music playing and the targets on the big screen. Commitment is what
                is still standing three weeks later, on an ordinary Tuesday, when the excitement is long gone and
                the promise is kept anyway.

                ## How leaders get it

                You cannot order commitment; you can only ask for it. That is why the verbs in this distinction
                matter: managers *insist*, leaders *ask*. So a leader's first job is to give people something worth
                committing to: a picture of where the team is going, with goals for each person and for the group.
                The second job is the ask itself: will you commit to hitting these, or to beating them?

                ## In practice

                - Share the goal *and* the reasoning behind it.
                - Ask the rep what they will commit to, in their own words.
                - Put a date on it. A commitment without a date is a wish.
                - Follow up on the date, and keep your own commitments just as visibly.

                ## Try this week

                At the end of your next one-to-one, instead of summarising what you expect, ask: "What will you
                commit to before we next meet, and by when?" Write down the answer and open the next meeting with
                it.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: compliance and commitment",
                questions=(
                    QuestionSpec(
                        text="In a compliance culture, how is success usually measured?",
                        kind=SINGLE,
                        explanation="Under compliance, success is measured by the absence of failure.",
                        choices=(
                            ("By the absence of failure", True),
                            ("By outcomes that exceed the goal", False),
                            ("By commitments kept", False),
                            ("By what customers say about the team", False),
                        ),
                    ),
                    QuestionSpec(
                        text="Which of these are signs of commitment rather than compliance? Choose all that apply.",
                        kind=MULTIPLE,
                        explanation=(
                            "Commitment is owned by the person who makes it and outlasts the enthusiasm of the "
                            "moment. Doing only what is required and staying inside your authority to avoid blame "
                            "are marks of compliance."
                        ),
                        choices=(
                            ("The rep sets the goal in their own words and owns it", True),
                            ("The promise is kept long after the initial enthusiasm has faded", True),
                            ("Doing exactly what the job description requires and nothing more", False),
                            ("Staying strictly inside your limits of authority so nothing can be blamed on you", False),
                        ),
                    ),
                    true_false(
                        "Leaders insist on commitment in the same way that managers insist on compliance.",
                        answer=False,
                        explanation=(
                            "Commitment cannot be demanded. Managers insist on compliance; leaders ask for commitment."
                        ),
                    ),
                    QuestionSpec(
                        text="What does a leader provide before asking for commitment?",
                        kind=SINGLE,
                        explanation=(
                            "Leaders set out a vision and goals, for each person and for the team, and then ask "
                            "their people to commit to meeting or exceeding them."
                        ),
                        choices=(
                            ("A vision and goals, for each person and for the team", True),
                            ("A stricter set of rules", False),
                            ("A list of penalties for missing the target", False),
                            ("Nothing; real commitment has to be spontaneous", False),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

COURSE = CourseSpec(
    slug="sales-leadership-distinctions",
    title="Sales Leadership: Distinctions with a Difference",
    summary="Five distinctions between managing a sales team and leading one, each with a lesson and a short quiz.",
    level=Course.Level.INTERMEDIATE,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        A sales team needs to be managed and it needs to be led. The two are not the same, and knowing which one a
        moment calls for changes how you decide, how you coach and what results you get.

        This course is based on Wayne Fredin's book *Sales Leadership: Distinctions with a Difference* (2015)
        and works through its five distinctions, one module each:

        1. Managers react, leaders act
        2. You manage resources, you lead individuals
        3. Managers focus on rules, leaders focus on values
        4. Managers focus on process, leaders focus on outcomes
        5. Managers insist on compliance, leaders ask for commitment

        Each module has a short article with a practical exercise and a quiz. You need 70% to pass a quiz and
        have three attempts.
        """
    ),
    modules=(REACT_ACT, RESOURCES_INDIVIDUALS, RULES_VALUES, PROCESS_OUTCOMES, COMPLIANCE_COMMITMENT),
)
