"""Course 2: the 25 Sales Leader Challenges, each a reflection, a dated commitment and a report back."""

from courses.models import Course
from lessons.models import Lesson

from .spec import ChallengeSpec, CourseSpec, LessonSpec, ModuleSpec, md

HOW_IT_WORKS = ModuleSpec(
    title="How the challenges work",
    summary="Think ahead, commit to a date within a week, do it, report back.",
    lessons=(
        LessonSpec(
            title="Think ahead, commit, report back",
            kind=Lesson.Kind.ARTICLE,
            is_preview=True,
            body=md(
                """
                ## Twenty-five things to do, not to read

                Each challenge asks you to do one concrete thing with your team, in an ordinary working week. There
                are five for each of the five distinctions between managing and leading a sales team: acting rather
                than reacting, leading individuals, putting values before rules, keeping process in the service of
                outcomes, and asking for commitment rather than insisting on compliance. Every one fits inside
                seven days.

                ## Four steps per challenge

                1. **Think ahead.** Read the challenge and answer its reflection question before you start. It asks
                   what you expect, what you fear or whom you will start with, so that afterwards you can compare
                   what happened with what you thought would happen. Nobody grades the answer.
                2. **Commit, with a date.** Write what you will do and the date by which you will have done it,
                   within the number of days the challenge suggests. Choose a date you can keep.
                3. **Do it.** Some challenges depend on something happening, such as a request from a rep or a
                   meeting in the diary. Each of those says what to do instead if the event does not come within
                   the week, so that every commitment can be kept or missed on its date.
                4. **Report back.** On your date, say whether you kept the commitment and answer the report-back
                   question. If you missed it, say so and set a new date. A commitment renegotiated in the open is
                   still a commitment; one that is quietly forgotten is not.

                ## Why it is built this way

                The challenges practise what they teach. Nobody will make you complete them; the only thing holding
                you to each one is your own word, which is the same kind of commitment you will be asking of your
                team. On the day a commitment falls due, the platform emails you to ask how it went, unless you
                have turned those emails off.

                ## Order and pace

                Work through them in order, or start with the distinction your team needs most. Either way, take
                one at a time: one challenge a week for twenty-five weeks is a sustainable pace, and it leaves room
                for the weeks when the quarter takes everything.
                """
            ),
        ),
    ),
)

CHALLENGES = (
    # Managers react, leaders act
    ChallengeSpec(
        title="Two sentences you stand by",
        body=md(
            """
            Write down, in no more than two sentences, how you intend to lead: what you will do when something
            lands on your desk, and what you will not do. Then go through your calendar and sent email for the
            last two weeks and pick three decisions. Would your two sentences have led to the same decisions?
            Revise the sentences if they were wrong, or note the decision you would now make differently. By the
            end of the week, read the final version to your team and invite them to tell you when you fall short
            of it.
            """
        ),
        reflection_question="Which of your recent decisions do you expect your two sentences to contradict, and why?",
        report_question=(
            "What did the team say when you read it to them, and which decision would you now make differently?"
        ),
        suggested_days=5,
    ),
    ChallengeSpec(
        title="The resignation you have not had yet",
        body=md(
            """
            Pick the person whose sudden departure would hurt the team most. On one page, plan the first two days
            after their resignation: how you would find out the real reason, who would cover their customers, and
            how you would choose between promoting someone, hiring from outside or leaving the seat empty. Then,
            within the week, have one conversation with that person about what keeps them in the job and what
            might not. If they are away all week, have the conversation with the person who would cover their
            accounts instead, and book the first one for their return.
            """
        ),
        reflection_question="What do you think you do not know about why this person might leave?",
        report_question="What did you learn from the conversation, and what did you change in your plan because of it?",
        suggested_days=5,
    ),
    ChallengeSpec(
        title="A week of interruptions, logged",
        body=md(
            """
            For five working days, keep a running log of every time you dropped what you were doing to deal with
            something urgent: an escalation, a deal in trouble, a request from above. One line each: what
            happened, and what you did. On the last day, mark each entry: could something you did earlier have
            prevented it? Pick the most frequent preventable cause and take one step on it before the week is out,
            even a small one, such as a conversation, a template or a changed meeting.
            """
        ),
        reflection_question=(
            "Which kind of interruption do you expect to top your log, and what would it mean if it does?"
        ),
        report_question="What did the log show, and which step did you take on the most frequent preventable cause?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Show your working",
        body=md(
            """
            For the next three decisions that affect your team, tell the people affected not only what you
            decided but what you considered and why you chose as you did: in a message, at a meeting or in
            passing, in a few sentences. Invite questions. If fewer than three such decisions come up within
            seven days, explain the reasoning behind the most important decision you made last month to the
            people it affected.
            """
        ),
        reflection_question="Which of your recent decisions do you think your team understands least, and why?",
        report_question=(
            "How did people respond to hearing your reasoning, and did any question change your mind or your next "
            "decision?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Go back to a decision",
        body=md(
            """
            Choose one decision you made three to six weeks ago that changed something for your team or a
            customer: a reallocation of accounts, a pricing call, a new routine. This week, find out what has
            actually happened since. Talk to at least two people it affected and look at whatever numbers apply.
            If it needs more direction, give it now; if it worked, tell the people involved that you checked and
            what you found.
            """
        ),
        reflection_question=(
            "Which decision from the last few weeks are you least sure about, and what do you expect to find?"
        ),
        report_question="What had happened since the decision, and what direction, if any, did you give?",
        suggested_days=5,
    ),
    # You manage resources, you lead individuals
    ChallengeSpec(
        title="One question for every person",
        body=md(
            """
            Before asking anyone, write down how you think each of your direct reports will answer this question:
            "If you could keep only one part of your job, which would it be, and why?" Then ask each of them,
            during the week, in person or on a call. Write their answers next to your guesses. If someone is away
            all week, send the question in writing and note that their answer came that way.
            """
        ),
        reflection_question=(
            "Whose answer do you expect to get most wrong, and what makes you unsure about that person?"
        ),
        report_question=(
            "How many answers matched your guesses, and what will you do with the one that surprised you most?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Fifteen minutes without the pipeline",
        body=md(
            """
            In every one-to-one this week, spend the first fifteen minutes on anything except the pipeline: the
            work itself, what gets in the way, what the person would change if they ran the team, how they are.
            Listen more than you talk. For anyone you do not meet one-to-one this week, book a fifteen-minute
            call instead. After each conversation, write down one thing you heard and one thing you will do about
            it.
            """
        ),
        reflection_question="What do you hope to learn about each person that a pipeline review would never tell you?",
        report_question="What did you hear that surprised you, and what have you already done about it?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Same number, two causes",
        body=md(
            """
            Pick two people who are about the same distance from their target. Before you talk to them, write
            down what you believe is holding each of them back. Then sit down with each separately and work out
            the cause together, asking more than you tell. Agree one next step with each, different for each
            person and small enough to be taken before the week ends, and check that it was.
            """
        ),
        reflection_question="What do you currently believe is holding each of the two back, and how sure are you?",
        report_question="What were the causes you found together, and did each person take their next step?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Put a strength to work",
        body=md(
            """
            Find one strength on your team that is being under-used: a rep who is good with difficult customers,
            at building proposals, at training newcomers. This week, give that person one piece of work that uses
            it, and tell them why you chose them. If nothing can be moved within the week, ask them to lead the
            relevant part of your next team meeting instead. Check in with them before the week is out on how it
            went.
            """
        ),
        reflection_question=(
            "Which strength on your team do you think you are wasting, and what has stopped you using it?"
        ),
        report_question="What did you hand over, how did the person respond, and what happened in the first days?",
        suggested_days=6,
    ),
    ChallengeSpec(
        title="Recognition in each person's language",
        body=md(
            """
            This week, give every direct report one piece of specific recognition. Name what they did, when, and
            why it mattered, and make it about behaviour rather than only revenue. Deliver it the way that person
            prefers: in front of the team, privately, or in writing. If you do not know their preference, ask
            first; that question is part of the challenge. If someone is away all week, write it to them.
            """
        ),
        reflection_question=(
            "Whose recognition do you expect to be hardest to find, and what might that say about your attention?"
        ),
        report_question="How did people react, and what did you learn about how each of them likes to be recognised?",
        suggested_days=7,
    ),
    # Managers focus on rules, leaders focus on values
    ChallengeSpec(
        title="Three values a rep could use on a call",
        body=md(
            """
            Draft three values for your team, each in one plain sentence, each followed by an example of what it
            looks like in a real sales situation: a pricing call, a delivery promise, a disagreement about an
            account. Bring the draft to a team meeting this week and give it twenty minutes of open discussion.
            If there is no team meeting, collect reactions one-to-one or in writing. Publish the revised version
            by the end of the week.
            """
        ),
        reflection_question="Which of your three values do you expect the team to challenge or redefine?",
        report_question=(
            "What changed between your draft and the team's version, and which value caused the most debate?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Write down the unwritten",
        body=md(
            """
            List five things that "everybody knows" about how your team works but nobody has written down: how
            inbound leads are shared, which discounts are always approved, who may question a forecast, when
            people are expected to be online. For each, decide: keep it and write it down, change it, or retire
            it. Tell the team what you decided and why before the week is out.
            """
        ),
        reflection_question="Which unwritten rule do you suspect is working against what your team says it values?",
        report_question="Which rules did you keep, change or retire, and how did the team react?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Explain one call by its value",
        body=md(
            """
            The next time a rep brings you a request that a rule would refuse, decide it by asking first which
            of your values is at stake, then explain your decision to the rep in terms of that value rather than
            the rule, so that they could make a similar call themselves next time. If no such request arrives
            within seven days, take the most recent one you decided and explain the reasoning to the rep now.
            """
        ),
        reflection_question="Which of your values do you find hardest to explain in practical terms, and why?",
        report_question=(
            "What was the request, how did you explain the decision, and could the rep now make a similar call alone?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Read back your exceptions",
        body=md(
            """
            Gather every exception to pricing, terms or policy that you approved in the last three months, from
            email, the CRM and your notes. Sort them into one-offs and repeats. For the exception that repeats
            most, write a short proposal to whoever owns the rule: change it, keep it with a clearer reason, or
            hand the decision to the reps within limits. Send the proposal before the week is out.
            """
        ),
        reflection_question=(
            "Which exception do you expect to find repeated most, and what would that say about the rule?"
        ),
        report_question="How many exceptions did you find, which repeated most, and what did you propose?",
        suggested_days=5,
    ),
    ChallengeSpec(
        title="A values question for hiring",
        body=md(
            """
            Write one interview question that shows whether a candidate shares one of your team's values; ask
            about something they did, not what they would do. Decide in advance what a strong answer sounds like
            and what a weak answer that sounds strong would be. Use it in any interview you hold this week. If you
            have no interview, try it on two of your own reps about a past deal to test whether it works, and add
            it to the interview guide.
            """
        ),
        reflection_question="What would a strong answer sound like, and what weak answer might fool you?",
        report_question=(
            "Whom did you ask, what did the answers tell you, and is the question now in the interview guide?"
        ),
        suggested_days=7,
    ),
    # Managers focus on process, leaders focus on outcomes
    ChallengeSpec(
        title="Where deals stall",
        body=md(
            """
            Look at the deals your team closed or lost in the last quarter and find the stage where they spent
            the longest. List every required step in that stage and, next to each, the outcome it protects. Choose
            the step with the weakest link to an outcome, and within the week either simplify it yourself or send
            a proposal to the person who owns it.
            """
        ),
        reflection_question="At which stage do you expect deals to stall most, and what do you think causes it?",
        report_question="Which step did you change or propose changing, and what response did you get?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Lend out an approval",
        body=md(
            """
            Choose one approval that runs through you, such as discounts up to a threshold, proposal sign-off or
            expense claims. Agree clear limits with a senior rep and let them make those decisions for one week,
            telling the team who decides and within what limits. At the end of the week, look at what was decided
            and what happened to the outcome the approval protects, and decide whether to make the change
            permanent.
            """
        ),
        reflection_question=(
            "What are you afraid will go wrong while someone else holds the approval, and how will you know if it does?"
        ),
        report_question=(
            "How many decisions did the rep make, what happened to the outcome, and will you make the change permanent?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Ask what slows the team down",
        body=md(
            """
            Ask every rep the same question this week: "Which single step in our process costs you the most time
            for the least value?" Collect the answers and look for the ones several people give. Fix one, or take
            it to the person who can, and tell the team what you did with their answers, including the ones you
            are not acting on and why.
            """
        ),
        reflection_question="Which step do you expect the team to name, and which would you name yourself?",
        report_question="What did the team name most often, what did you do about it, and what did you tell them?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="One outcome in the weekly review",
        body=md(
            """
            In this week's team review, replace one activity measure (calls made, emails sent, meetings booked)
            with an outcome measure, such as meetings that moved a deal to its next stage. Explain the change and
            the reason before the numbers are discussed. If your team has no review this week, use the outcome
            measure in your one-to-ones instead.
            """
        ),
        reflection_question=(
            "Which activity measure do you expect people to miss, and what do you think the outcome number will show?"
        ),
        report_question="How did the conversation change once the outcome was in the review?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="An exception made in the open",
        body=md(
            """
            The next time an exception to your sales process is justified, make it openly: write one line on why,
            agree with the rep that it is a one-off, and keep it in a log the team can see. If no exception comes
            up within seven days, look at the last three deals your team closed and note every step that was
            skipped, and whether anyone decided to skip it.
            """
        ),
        reflection_question="In what kind of deal do you expect an exception to be justified, and why?",
        report_question=(
            "Which exception did you make or find, and did it point to a problem with the step or with the team's "
            "trust in it?"
        ),
        suggested_days=7,
    ),
    # Managers insist on compliance, leaders ask for commitment
    ChallengeSpec(
        title="Ask, then stop talking",
        body=md(
            """
            In your next conversation about a goal with one of your reps, share the goal and the reason for it,
            then ask what they will commit to, and stay silent until they answer. Write the answer in their
            words, with a date, and agree when you will review it. If no target conversation falls within the
            week, use the end of any one-to-one and ask about a smaller goal, such as next week's new meetings.
            """
        ),
        reflection_question="What do you expect the rep to offer, and what will you do if it is less than you hoped?",
        report_question=(
            "What did the rep commit to, in their words, and how did it compare with what you would have set?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Two dated commitments per one-to-one",
        body=md(
            """
            For one week, end every one-to-one with two commitments, each with a date: one from the rep and one
            from you. Write both down where you will both see them. Where a commitment falls due within the week,
            ask about it on the day; the rest open your next meeting with that person. If no one-to-ones fall in
            the week, book two fifteen-minute ones for this purpose.
            """
        ),
        reflection_question="Which of your own commitments in these meetings are you most at risk of missing?",
        report_question=(
            "How many commitments were made, how many that fell due were kept, and what made the difference?"
        ),
        suggested_days=7,
    ),
    ChallengeSpec(
        title="Keep it or say so",
        body=md(
            """
            List every promise you have made to your team in the last month, however small: the coaching session,
            the answer from finance, the tool you said you would look into, the pricing exception you said you
            would chase. This week, keep each one, or go back to the person, say you cannot keep it as promised
            and agree a new date.
            """
        ),
        reflection_question="Which promise have you been hoping nobody remembers?",
        report_question="How many promises did you keep, how many did you renegotiate, and how did people react?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="A picture worth committing to",
        body=md(
            """
            Write one page on where your team is heading over the next two quarters and what part each person
            plays in getting there. Share it at a team meeting this week, or send it round if there is none, and
            invite questions. Then ask each person, one at a time and within the week, what the page makes them
            want to commit to first.
            """
        ),
        reflection_question="Which part of the picture do you expect people to find least convincing, and why?",
        report_question="What did people ask about the picture, and what did each person commit to first?",
        suggested_days=7,
    ),
    ChallengeSpec(
        title="One commitment of your own",
        body=md(
            """
            Read back your reflections and reports from the challenges you have done. Pick the distinction you most
            need to keep practising and write one commitment about it that you can keep within the next seven
            days. Tell a peer or your own manager what it is and ask them to ask you about it on the date. If you
            have done few challenges so far, choose the distinction that made you most uncomfortable to read.
            """
        ),
        reflection_question=(
            "Which distinction do you expect to be hardest to keep practising once nobody is prompting you?"
        ),
        report_question=(
            "Did you keep the commitment, what did the person who held you to it say, and what will your next one be?"
        ),
        suggested_days=7,
    ),
)

COURSE = CourseSpec(
    slug="25-sales-leader-challenges",
    title="The 25 Sales Leader Challenges",
    summary=(
        "Twenty-five one-week challenges for sales leaders, five for each distinction: think ahead, commit to a "
        "date, do it, report back."
    ),
    level=Course.Level.ADVANCED,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        Knowing the difference between managing a sales team and leading one is a start; practising it with
        your own team, week after week, is the work. Each of these twenty-five challenges gives you one concrete
        thing to do in a week or less, from asking every rep a single question to handing over an approval you
        have always kept.

        Every challenge has a reflection question you answer before you begin, a commitment you make with a
        date, and a report-back question you answer when the date comes and you say whether you kept it.
        Challenges that depend on something happening say what to do if it does not happen within the week.

        There are five challenges for each of the five distinctions: managers react and leaders act; you manage
        resources and lead individuals; managers focus on rules and leaders on values; managers focus on process
        and leaders on outcomes; managers insist on compliance and leaders ask for commitment.
        """
    ),
    modules=(HOW_IT_WORKS,),
    challenges=CHALLENGES,
)
