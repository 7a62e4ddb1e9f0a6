"""Course 2: the 25 Sales Leader Challenges, each a reflection, a dated commitment and a report back."""

from courses.models import Course
from lessons.models import Lesson

from .spec import ChallengeSpec, CourseSpec, LessonSpec, ModuleSpec, md

HOW_IT_WORKS = ModuleSpec(
    title="How the challenges work",
    summary="Reflect, commit to a date, do it, report back.",
    lessons=(
        LessonSpec(
            title="Reflect, commit, report back",
            kind=Lesson.Kind.ARTICLE,
            duration_seconds=240,
            is_preview=True,
            body=md(
                """
                ## Twenty-five practical assignments

                Each challenge asks you to do one concrete thing with your team, in real working weeks. Together
                they put the five distinctions into practice: acting instead of reacting, leading individuals,
                putting values before rules, keeping process in service of outcomes and, above all, asking for
                commitment rather than settling for compliance.

                ## The three steps

                1. **Reflect.** Read the challenge and answer its reflection question in writing. Be honest; nobody
                   grades your answer, and a vague answer leads to a vague commitment.
                2. **Commit, with a date.** Write what you will do and the date by which you will have done it.
                   Each challenge suggests a number of days. Treat that as a guide and choose a date you can keep.
                3. **Report back.** On or before your date, record what actually happened, what you learned and
                   what you will do next. If you missed the date, say so and set a new one. A renegotiated
                   commitment is still a commitment; a quietly forgotten one is not.

                ## Why it works this way

                These challenges practise what they teach. Nobody will make you complete them. The only thing
                holding you to each one is your own word, which is exactly the kind of commitment you are about to
                ask of your team.

                Work through them in order or pick the one your team needs most this month, but take them one at a
                time.
                """
            ),
        ),
    ),
)

CHALLENGES = (
    ChallengeSpec(
        title="Write your leadership credo",
        body=md(
            """
            Write down, in no more than two sentences, what you stand for as a sales leader. Test it against
            the last month: would your decisions have been any different if you had followed it? Share the final
            version with your team and invite them to call you out when you do not live up to it.
            """
        ),
        reflection_question="If your team wrote your credo based only on what you did last month, what would it say?",
        suggested_days=3,
    ),
    ChallengeSpec(
        title="The resignation drill",
        body=md(
            """
            Pick the person whose departure would hurt the team most. Write out what you would do in the first
            48 hours if they resigned tomorrow: the conversation to learn the real reason, who covers their
            accounts, and how you would decide between promoting someone, hiring from outside or leaving the seat
            open. Then do one thing this week that makes that plan less likely to be needed.
            """
        ),
        reflection_question="Which part of your plan relies on information you do not have, and how will you get it?",
        suggested_days=5,
    ),
    ChallengeSpec(
        title="Audit a week of reactions",
        body=md(
            """
            For five working days, keep a log of every time you dropped what you were doing to jump into a deal,
            an escalation or an internal fire drill. At the end of the week, mark each entry: could an action you
            took earlier have prevented it? Choose the most frequent preventable one and act on its cause.
            """
        ),
        reflection_question="Which recurring fire could you stop starting, rather than keep putting out?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Decide on purpose",
        body=md(
            """
            The next three times a rep brings you a problem, do not answer in the first conversation unless a
            customer is waiting. Ask what outcome they want, what options they see and what they would do. Agree
            when you will decide, then decide and explain your reasoning.
            """
        ),
        reflection_question="Did the extra thinking change any of the three decisions, and what did the delay cost?",
        suggested_days=10,
    ),
    ChallengeSpec(
        title="Follow one decision through",
        body=md(
            """
            Choose a decision you made about a month ago: a territory change, a pricing call, a new hire. Find out
            what actually happened after it. Talk to the people it affected and look at the numbers. If it
            needs further direction, give it now.
            """
        ),
        reflection_question="What would you have missed if you had treated that decision as finished on the day?",
        suggested_days=3,
    ),
    ChallengeSpec(
        title="Know each person",
        body=md(
            """
            Without looking at your notes, write down for each direct report their strongest skill, one weakness
            they are working on, what motivates them beyond commission and where they want their career to go.
            Then use your next one-to-ones to check every answer with the person themselves.
            """
        ),
        reflection_question="Where were you most wrong, and what does that tell you about how well you know your team?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="A one-to-one that is not about the pipeline",
        body=md(
            """
            Hold a one-to-one with every report in which the pipeline is off the table for the first fifteen
            minutes. Ask about their work, what gets in their way and what they would change if it were their
            team. Listen more than you talk, and write down one thing you will do as a result.
            """
        ),
        reflection_question="What did you hear that would never have come up in a pipeline review?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Same number, different coaching",
        body=md(
            """
            Find two reps who are the same distance from quota. Work out with each of them why they are where they
            are; the causes are rarely the same. Agree a separate coaching plan with each, with one measurable
            step per week.
            """
        ),
        reflection_question="How different were the two causes, and how would a single plan for both have failed?",
        suggested_days=21,
    ),
    ChallengeSpec(
        title="Play to a strength",
        body=md(
            """
            Reassign one account, project or responsibility so that it matches someone's real strength rather
            than who happens to have room in their diary. Tell them why you chose them. Check in after two weeks
            on how it is going, for them and for the customer.
            """
        ),
        reflection_question="What strength have you been under-using on your team, and why had you not used it before?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Recognise the person, not the number",
        body=md(
            """
            This week, give every report one piece of specific recognition: name the behaviour you saw, when you
            saw it and why it mattered. Make it about what they did, not only the revenue it produced. Deliver
            it in the way that person prefers, publicly or privately.
            """
        ),
        reflection_question="Whose recognition was hardest to find, and what does that say about your attention?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Name the team's values",
        body=md(
            """
            Run a session with your team to agree three to five values in plain words, each with one example of
            what it looks like on a customer call. Keep the list short enough to remember. Put it somewhere the
            team sees every day and refer to it in your next three decisions.
            """
        ),
        reflection_question="Which value was hardest to agree on, and what does the disagreement tell you?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Surface the unwritten rules",
        body=md(
            """
            List five things "everybody knows" on your team that are written down nowhere: how discounts really
            get approved, who gets inbound leads, what time people are expected online. For each, decide whether
            to keep it and write it down, change it, or retire it, and tell the team what you decided.
            """
        ),
        reflection_question="Which unwritten rule was working against one of your values without anyone noticing?",
        suggested_days=10,
    ),
    ChallengeSpec(
        title="Decide from values first",
        body=md(
            """
            The next time a rule stands between a customer and something they reasonably need, pause before you
            answer. Ask which of your values is at stake and what the rule is protecting. Make the call, then
            explain your reasoning to the rep so they can make it themselves next time.
            """
        ),
        reflection_question="Did starting from values lead to a different answer than starting from the rule?",
        suggested_days=30,
    ),
    ChallengeSpec(
        title="Retire a rule",
        body=md(
            """
            Pick one rule your team follows that no longer serves your values or your customers. Gather the
            evidence: what it costs, what it was meant to protect and whether that risk still exists. Make the case
            to whoever owns the rule to change or drop it.
            """
        ),
        reflection_question="Why had nobody challenged this rule before, and what does that say about your culture?",
        suggested_days=21,
    ),
    ChallengeSpec(
        title="Hire for values",
        body=md(
            """
            Add one interview question that tests a candidate against one of your team's values, and decide in
            advance what a strong answer sounds like. Use it in every interview for the next month and compare
            notes with the other interviewers.
            """
        ),
        reflection_question="Would your question have changed any of your last three hiring decisions?",
        suggested_days=30,
    ),
    ChallengeSpec(
        title="Map process to outcomes",
        body=md(
            """
            Write out every stage and required step of your sales process. Next to each, write the outcome it
            serves for the customer or the business. Flag every step you cannot link to an outcome, and choose one
            to fix or remove.
            """
        ),
        reflection_question="Which step exists mainly because it always has?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Give up an approval",
        body=md(
            """
            List the approvals that run through you: discounts, proposals, expenses, forecasts. For each, ask
            honestly whether it protects the outcome or your influence. Raise a threshold or hand one decision to
            your senior reps within clear limits, and review the results after a month.
            """
        ),
        reflection_question="What did it feel like to give that approval up, and what happened to the outcome?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Ask what slows the team down",
        body=md(
            """
            Ask each rep for the single process step that costs them the most time for the least value. Look for
            the ones several people mention. Fix one of them, or take it to the person who can, and tell the team
            what you did with their answers.
            """
        ),
        reflection_question="What did your team see about the process that you, further from the work, did not?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Measure an outcome, not an activity",
        body=md(
            """
            Replace one activity metric in your weekly review, such as calls made or emails sent, with an outcome
            measure, such as meetings that moved a deal forward. Explain the change to the team and keep it for
            three weeks before judging it.
            """
        ),
        reflection_question="How did the conversations in your reviews change once you measured the outcome?",
        suggested_days=21,
    ),
    ChallengeSpec(
        title="Make an exception on purpose",
        body=md(
            """
            The next time an exception to the process is justified, make it openly: write down why, agree with
            the rep that it is a one-off, and note what it tells you about the process. At the end of the month,
            count the exceptions. If they are becoming the norm, deal with the culture, not just the paperwork.
            """
        ),
        reflection_question="Was your exception a sign that the process needs to change, or that it is working?",
        suggested_days=30,
    ),
    ChallengeSpec(
        title="Ask, do not tell",
        body=md(
            """
            In your next target-setting conversation, share the goal and the reasoning behind it, then stop.
            Ask the rep what they will commit to and how they plan to get there. Write their commitment down in
            their words, not yours, and agree a date to review it.
            """
        ),
        reflection_question="How did the rep's commitment compare with the target you would have handed them?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Dated commitments in every one-to-one",
        body=md(
            """
            For the next two weeks, end every one-to-one with two commitments: one from the rep and one from you,
            each with a date. Open the following meeting by reviewing both before anything else.
            """
        ),
        reflection_question="Which commitments were kept, which were not, and what made the difference?",
        suggested_days=14,
    ),
    ChallengeSpec(
        title="Keep your own word",
        body=md(
            """
            List every promise you have made to your team in the last month, large or small: the coaching session,
            the answer from finance, the tool you said you would look into. Keep each one this week, or go back
            to the person and openly renegotiate it.
            """
        ),
        reflection_question="What does your own record of kept promises teach your team about commitment?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Paint the picture",
        body=md(
            """
            Write one page describing where your team will be in twelve months and the part each person plays in
            getting there. Present it to the team, take their questions, then ask each person, one to one, what
            they will commit to in the next quarter.
            """
        ),
        reflection_question="Which part of your vision did the team find hardest to commit to, and why?",
        suggested_days=21,
    ),
    ChallengeSpec(
        title="Your next ninety days",
        body=md(
            """
            Look back over your reflections and reports from the previous 24 challenges. Pick the two or three
            distinctions you most need to keep practising and write one dated commitment for each, covering
            the next ninety days. Share them with a peer or your own manager and ask them to hold you to them.
            """
        ),
        reflection_question="Where have you moved most from managing to leading, and where have you not moved at all?",
        suggested_days=30,
    ),
)

COURSE = CourseSpec(
    slug="25-sales-leader-challenges",
    title="The 25 Sales Leader Challenges",
    summary=(
        "Twenty-five practical challenges that turn the five distinctions into habits, one dated commitment at a time."
    ),
    level=Course.Level.ADVANCED,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        Knowing the difference between managing and leading is one thing; practising it every week is another.
        These 25 challenges give you something concrete to do with your team, from learning what really
        motivates each rep to giving up an approval you hold on to.

        Every challenge ends with a reflection question and a suggested number of days. You write your answer,
        commit to a date, do the work and report back on what happened. The challenges apply all five
        distinctions from *Sales Leadership: Distinctions with a Difference*, and at their heart is the last
        one: leaders ask for commitment, they do not settle for compliance.
        """
    ),
    modules=(HOW_IT_WORKS,),
    challenges=CHALLENGES,
)
