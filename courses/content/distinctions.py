"""Course 1: the five distinctions between managing a sales team and leading one, a module of four lessons each."""

from courses.models import Course
from lessons.models import Lesson, Question

from .spec import ChoiceSpec, CourseSpec, LessonSpec, ModuleSpec, QuestionSpec, QuizSpec, choice, md, true_false

ARTICLE = Lesson.Kind.ARTICLE
SINGLE = Question.Kind.SINGLE
MULTIPLE = Question.Kind.MULTIPLE
# Six questions a quiz, one point each, all or nothing: 65% means four of the six.
PASS_MARK = 65


def right(text: str, feedback: str) -> ChoiceSpec:
    return choice(text, correct=True, feedback=feedback)


def wrong(text: str, feedback: str) -> ChoiceSpec:
    return choice(text, feedback=feedback)


REACT_ACT = ModuleSpec(
    title="Managers react, leaders act",
    summary=(
        "A response chosen on purpose beats a reflex, even when the event came first. A resignation, a slipping "
        "deal and an angry customer, worked through both ways."
    ),
    lessons=(
        LessonSpec(
            title="The science of reaction and the art of action",
            kind=ARTICLE,
            is_preview=True,
            body=md(
                """
                ## The credo

                > "Management is the science of reaction, leadership is the art of action."

                Wayne Fredin coined that line in 1987, and it is now his credo on the subject.
                It is the first of the five distinctions this course works through, and the other four lean on
                it, so it is worth slowing down on what it does and does not say.

                ## What "act" does not mean

                It does not mean that a leader sees everything coming. Nobody forecast the rep who resigns on a
                Tuesday, the procurement team that reopens a signed deal, or the product recall that lands in the
                middle of your best quarter. A leader meets those events after they have happened, exactly as a
                manager does. Being second to an event is not the problem.

                ## What it does mean

                The difference lies in what happens between the event and your response.

                A **reaction** is triggered by the event itself. Something familiar happens, so the familiar
                procedure starts. It feels decisive because it is fast, and it is comfortable because nobody can
                fault you for following the usual steps.

                An **action** passes through a decision first. You take a disciplined look at the situation, you
                decide what you want to achieve, and you respond with that purpose in mind. Sometimes the action
                turns out to be the very thing the reflex would have done. The difference is that you now know why,
                and so does anyone who asks.

                ## Deciding is not the end

                An action carries one more obligation that a reaction usually skips: you stay with it. Having
                responded, a leader keeps watching what the response sets in motion and is ready to steer again if
                it drifts. A reaction closes the file; an action opens a short period of attention.

                ## Why a sales team feels the difference

                Sales teams run on urgency. Deals have dates, quarters have ends and customers have deadlines, so
                there is always a reason to respond in the next five minutes. A sales manager who lives on reflex
                soon finds the whole team doing the same: every lost deal gets the same discount, every complaint
                gets the same apology, every vacancy gets the same job advert. The team learns that the question
                "what are we trying to achieve here?" is optional.

                A leader who visibly thinks first teaches the opposite lesson, and it spreads just as quickly.
                Reps begin arriving at your desk with a view of the outcome they want and two or three options,
                rather than a problem and a request to make it go away.

                ## The cost of thinking

                Thinking first does cost a little time. In practice the cost is minutes, rarely days, and most
                "urgent" decisions in a sales team can wait an hour without anyone noticing. The exceptions are
                real (a customer on the phone, a bid closing at noon), and the art is in telling them apart from
                the ordinary pressure that only feels like an emergency.

                The next three lessons make this practical: three situations handled both ways, a one-page
                worksheet to use the next time something lands on your desk, and the mistakes that turn good
                intentions back into reflexes.
                """
            ),
        ),
        LessonSpec(
            title="Three situations: a resignation, a slipping deal, an angry customer",
            kind=ARTICLE,
            body=md(
                """
                Each situation below is told twice: once as the reflex, once as the considered response. Notice
                that the reflex is never stupid. It is usually what the policy suggests and what most people would
                do. What it lacks is a decision.

                ## 1. One of six resigns without warning

                You lead six account executives. Your second-best performer asks for ten minutes and hands you a
                letter. Four weeks' notice, no hint beforehand.

                **The reflex.** You thank them, tell HR, and by the afternoon a requisition is open with last
                year's job description. Or, because the quarter is tight and finance has been asking about
                headcount, you decide to leave the seat empty and share the accounts among the other five.

                **The considered response.** You start with the question the reflex skips: why are they really
                going? The reason given in the letter and the real one often differ, and the real one (a
                commission change, a broken promise about a territory, a clash with you) may be about to cost you
                someone else. Then you look at the role rather than the person: which accounts are at risk, how
                critical is the seat to next year's plan, is someone on the team ready to step up, would an
                outside hire bring something you lack, and is there a sound reason to leave it open for now? Only
                then do you choose: promote, hire or leave vacant. And for the next month you watch the five who
                stayed, because they are drawing their own conclusions.

                Both paths may end in the same job advert. Philosophically they are far apart.

                ## 2. The forecast slips in week eleven

                A deal worth a fifth of the team's quarter was committed for this month. In week eleven the rep
                tells you the customer's signature has moved to "early next quarter".

                **The reflex.** You ask the rep to push harder, authorise a discount for signing this month, and
                move the deal to next quarter in the system so the forecast looks tidy.

                **The considered response.** You first find out what changed on the customer's side: a new
                approver, a budget freeze, a competitor, or simply a date that was never real. Each of those calls
                for something different, and a discount only fixes one of them. You decide what outcome matters
                most (this quarter's number, the margin, or the relationship with a customer you want for ten
                years), tell your own manager early and plainly, and agree with the rep what will be checked and
                when. A week later you look again.

                ## 3. A key customer escalates to your director

                An important customer emails your director, furious about a late delivery. Your director forwards
                it to you with one line: "Sort this out."

                **The reflex.** You call the customer within the hour, apologise, offer a credit, and reply to your
                director that it is handled.

                **The considered response.** A fast call is still right: the customer is waiting and a quick
                acknowledgement costs nothing. What changes is what you promise on that call and what you do
                afterwards. You listen before offering anything, you find out whether this is a one-off or the
                third time, and you decide whether a credit solves the customer's problem or only your discomfort.
                Then you return a week later to check that the fix held.

                ## What the three have in common

                In each case the considered response asks what outcome is wanted, looks at more than one option,
                and stays engaged after the decision. None of them is slow. Each adds a few questions that the
                reflex leaves out.
                """
            ),
        ),
        LessonSpec(
            title="Worksheet: the pause-and-decide page",
            kind=ARTICLE,
            body=md(
                """
                Keep this page where you can reach it: printed in your notebook, pinned in your notes app, or
                open as a template. Use it the next time something lands that makes you want to respond at once.
                It takes five to ten minutes. If the situation genuinely cannot wait five minutes, act, and fill
                in the page straight afterwards; the last two sections still matter.

                ## 1. What happened?

                Two or three sentences of fact, without adjectives. "Priya resigned today, last day in four
                weeks" rather than "disaster in the team".

                ## 2. What do I know, and what am I assuming?

                Two short lists. Most reflexes are built on the second list: that the resignation is about money,
                that the customer will walk, that the deal is lost.

                ## 3. What outcome do I want?

                One sentence, written before you look at options. If you find two outcomes pulling against each
                other (this quarter's revenue and next year's relationship, say), write both and decide which
                wins.

                ## 4. What are my options?

                At least three, and one of them must be "do nothing for now". The usual procedure belongs on the
                list too; it is allowed to win, as long as it wins on merit.

                ## 5. The decision and the reason

                | decision | why it serves the outcome | who needs to hear it, and from whom |
                | --- | --- | --- |
                | | | |

                ## 6. When I will look again

                A date, in your calendar, with what you expect to see by then. This is the step that turns a
                decision into an action: you are committing to stay engaged.

                ## Script: buying time without looking indecisive

                Pausing is easier when you have the words ready. When a rep or your own manager pushes for an
                instant answer, try one of these:

                - "I want to get this right rather than fast. Give me until three o'clock and I'll come back to
                  you with a decision."
                - "Before I answer: what outcome do you want here? And what would you do if it were your call?"
                - "I can answer now, but I'd be guessing about why it happened. Let me ask two questions first."

                If the customer is waiting, separate the acknowledgement from the decision: "Thank you for telling
                me. I'm taking this seriously, and I'll call you back by five with what we're going to do."

                ## After a month

                Look back over the pages you filled in. Circle the decisions that differed from what the reflex
                would have done. Those are the ones your team noticed.
                """
            ),
        ),
        LessonSpec(
            title="Common mistakes when you try to act instead of react",
            kind=ARTICLE,
            body=md(
                """
                Managers who take this distinction to heart tend to stumble in the same few places. Knowing them in
                advance saves a few uncomfortable weeks.

                ## Mistaking delay for deliberation

                Thinking first is not the same as deciding later. A manager who answers every request with "let me
                think about it" and then goes quiet for a week is still reacting: this time to their own
                discomfort. Put a time on the pause and keep it.

                ## Treating every event as unique

                Some situations do deserve the standard response, and a leader who reinvents the handling of every
                expense claim will drown. Save the full worksheet for decisions that affect people, customers or a
                meaningful share of the number. For the rest, a ten-second check ("what outcome do I want?") is
                enough.

                ## Deciding alone when the team could help

                The considered response often involves asking the people closest to the problem. A rep who has
                spent a year with the slipping customer knows things you do not. Asking them is part of the
                discipline, not a sign of weakness.

                ## Closing the file

                This is the most common mistake and the least visible. The decision is made, the email is sent,
                and attention moves on. Three weeks later the replacement hire has not started, the customer has
                escalated again, or the deal has slipped a second time. The "look again" date on the worksheet
                exists because good decisions still need follow-through.

                ## Being proactive for show

                Some managers hear "leaders act" and start launching initiatives nobody asked for, to look ahead
                of events. That is activity, not action. Action answers to an outcome; an initiative with no
                outcome behind it is just a louder reflex.

                ## Lecturing the team about it

                Your team will learn this distinction from what they watch you do, not from what you tell them.
                Explaining your reasoning after a decision ("here is what I considered and why I chose this")
                teaches far more than a talk on proactivity.

                The quiz that follows puts you in six sales situations. Several answers in each will sound
                reasonable; pick the one that best fits the distinction.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: react or act",
                pass_mark=PASS_MARK,
                questions=(
                    QuestionSpec(
                        text=(
                            "Your best rep resigns on a Monday, effective in four weeks. Finance has been asking every "
                            "manager to hold headcount. What is the best first step?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "The real reason for leaving shapes every later choice, including whether the other five "
                            "are at risk and whether the seat should be filled at all."
                        ),
                        choices=(
                            wrong(
                                "Tell finance the seat will stay empty, since that is what they want",
                                "Leaving the seat open may turn out to be right, but deciding it before you know why "
                                "the rep is leaving or how critical the role is lets the budget choose for you.",
                            ),
                            wrong(
                                "Open a requisition with the current job description the same day",
                                "Speed feels responsible, but this is the reflex: it fills the seat before you have "
                                "asked whether the role, or the reason for leaving, needs a different answer.",
                            ),
                            right(
                                "Find out the real reason the rep is leaving",
                                "The stated reason and the real one often differ, and the real one may apply to "
                                "others on the team. Everything after depends on it.",
                            ),
                            wrong(
                                "Make a counter-offer today, before a competitor's offer is signed",
                                "A counter-offer assumes the reason is money. If it is not, you pay more and still "
                                "lose the rep a few months later.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            'In week eleven a rep says a deal committed for this quarter will now sign "early next '
                            'quarter". Which response shows action rather than reaction?'
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Action starts by learning what changed at the customer, then chooses a response that "
                            "fits that cause and tells the people who rely on the forecast."
                        ),
                        choices=(
                            right(
                                "Find out what changed for the customer, then tell your manager early",
                                "A new approver, a budget freeze and a competitor each need a different response. "
                                "Finding out which it is comes first, and an early warning keeps trust upstream.",
                            ),
                            wrong(
                                "Approve a discount for signing this month, since price is the easiest lever",
                                "A discount only helps if price is the reason the date moved. Offered blind, it "
                                "costs margin and teaches the customer to wait for the end of the quarter.",
                            ),
                            wrong(
                                "Move the deal to next quarter in the system and say nothing until the forecast call",
                                "Tidy data is not a decision. Saying nothing leaves your own manager to discover the "
                                "gap late, when there are fewer options.",
                            ),
                            wrong(
                                "Tell the rep to push the customer harder for a signature this month",
                                "Pressure is a reflex that treats the date as the problem. If the customer's situation "
                                "changed, pushing may cost the deal altogether.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A major customer complains to your director about a late delivery and your director "
                            'forwards it with "Sort this out." Which of these belong in a considered response? '
                            "Choose all that apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "A fast acknowledgement is compatible with acting: the customer is waiting. What makes it "
                            "action is listening first, finding out whether it is a pattern, and checking later that "
                            "the fix held."
                        ),
                        choices=(
                            wrong(
                                "Offer a service credit in the first call before hearing the full story",
                                "A credit may end up part of the answer, but offering it before you listen settles "
                                "your discomfort rather than the customer's problem.",
                            ),
                            right(
                                "Call the customer promptly, listen, and say when you will come back with a plan",
                                "Acting does not mean being slow. A prompt call that separates acknowledging the "
                                "problem from deciding the fix is exactly right.",
                            ),
                            right(
                                "Find out whether this is the first late delivery or part of a pattern",
                                "A one-off and a pattern need different fixes; this is the question the reflex skips.",
                            ),
                            right(
                                "Put a date in your calendar to check with the customer that the fix held",
                                "Staying engaged after the decision is part of acting. Without the check, you only "
                                "hope the problem is gone.",
                            ),
                            wrong(
                                "Reply to your director that it is handled as soon as you have apologised",
                                'Reporting it closed before anything is fixed is the "closing the file" mistake; '
                                "the director will hear from the customer again if it recurs.",
                            ),
                        ),
                    ),
                    true_false(
                        "A customer gives notice that they will not renew. You write down the outcome you want, "
                        "weigh three options and choose the standard win-back procedure exactly as written. True "
                        "or false: that can still be acting rather than reacting.",
                        answer=True,
                        explanation=(
                            "The distinction is about how the response is chosen, not whether it differs from the "
                            "procedure. A procedure chosen on merit, for a known outcome, is an action."
                        ),
                        true_feedback=(
                            "Right: the procedure is allowed to win, as long as it wins because it serves the outcome "
                            "and not because it was the first thing that came to mind."
                        ),
                        false_feedback=(
                            "Acting is not defined by doing something unusual. If the usual step is the best route "
                            "to the outcome you chose, taking it is still a decision."
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A rep asks you to approve an unusual contract clause and wants an answer in the next "
                            "five minutes, though the customer meeting is tomorrow. What do you do?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "The deadline is tomorrow, so a short, dated pause costs nothing. Asking the rep for the "
                            "outcome and their view also builds the habit in them."
                        ),
                        choices=(
                            wrong(
                                "Approve it now so you are not the bottleneck in a live deal",
                                "Not being a bottleneck matters, but approving under pressure you created yourself "
                                "is a reflex, and there is no real deadline in the next five minutes.",
                            ),
                            wrong(
                                "Say you will think about it and get back to the rep when you can",
                                "An open-ended pause is delay, not deliberation; the rep is left unable to prepare "
                                "for tomorrow.",
                            ),
                            wrong(
                                "Refuse, because unusual clauses need legal review in every case",
                                "Perhaps legal should see it, but a blanket refusal answers the rule, not the "
                                "situation, and you have not asked what the customer needs.",
                            ),
                            right(
                                "Ask the rep's view and what the clause is for; answer by five today",
                                "The real deadline allows a short pause. A set time keeps it from becoming delay, and "
                                "the rep's view is part of a considered decision.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Three weeks ago you decided to split a departing rep's accounts among the team instead "
                            "of hiring. What does acting, as opposed to reacting, ask of you now?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "An action includes staying engaged: checking what the decision set in motion and giving "
                            "further direction if it is needed."
                        ),
                        choices=(
                            wrong(
                                "Nothing more: the decision was made carefully, so it can be left to run",
                                "Careful decisions still drift. Leaving it assumes the outcome rather than checking "
                                "it.",
                            ),
                            right(
                                "Check how the accounts are being covered and adjust if needed",
                                "This is the follow-through that separates an action from a reaction: you stay with "
                                "the decision long enough to see whether it worked.",
                            ),
                            wrong(
                                "Wait for the quarterly results, which will show clearly whether it worked",
                                "By then a neglected account may be lost and a stretched rep may be looking elsewhere; "
                                "the check needs to come earlier.",
                            ),
                            wrong(
                                "Reverse the decision and open a requisition to be safe",
                                "Reversing a decision without evidence is another reflex. Look first, then decide "
                                "whether anything needs to change.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


RESOURCES_INDIVIDUALS = ModuleSpec(
    title="You manage resources, you lead individuals",
    summary=(
        "Calendars, quotas, territories and careers can be managed; the person attached to them has to be led. An "
        "underperformer, a headcount cut and a territory change, seen one person at a time."
    ),
    lessons=(
        LessonSpec(
            title="What can be managed, and who has to be led",
            kind=ARTICLE,
            body=md(
                """
                ## The list of things you manage

                Write down everything you manage about one of your reps and the list gets long quickly: their
                calendar and call targets, their territory and account list, their quota, their pipeline
                reviews, their expenses, their training plan, their performance rating, even the next step in
                their career. All of these are arrangements. They respond well to structure, measurement and
                routine, and a sales manager who neglects them lets the team down.

                Now look for the person on that list. They are not there, and that is the point of this
                distinction: you can manage someone's schedule, their performance and their career, but you have
                to lead the individual.

                ## What goes missing

                When a manager starts treating the person as one more resource, something specific disappears
                from view: the mix of skills, abilities, strengths and weaknesses that makes this rep unlike
                anyone else on the team. One closes well and prospects badly. Another is patient with complex
                buyers and impatient with internal paperwork. A third is quietly excellent at rescuing unhappy
                customers and has never been asked to do it.

                A resource view flattens all of that into a row: percent of quota, pipeline coverage, activity
                count. The row is useful. It is also the least interesting thing about the person in it.

                ## Personal and impersonal

                Management is impersonal by design. A fair process for expenses or territory assignment should
                give the same result whoever asks, and that impersonality is a virtue. Leadership is personal by
                nature. The same words of encouragement land differently on two people; the same stretch target
                excites one rep and flattens another. You cannot lead a spreadsheet.

                ## Where the difference is starkest

                The difference is plainest when a large organisation cuts staff. Too often the decision is made
                from a list sorted by last year's numbers or by length of service, and the people on it barely
                come into the discussion: what they know, what they could still contribute, what the decision
                will mean to those who stay. The people who survive such a cut watch closely how it was made, and
                they draw lasting conclusions about how they themselves are seen.

                ## What leading an individual involves

                Leading a person one at a time comes down to a few habits:

                - knowing each person well enough to say what they are best at, what they are working on and what
                  drives them beyond pay;
                - coaching the cause of a result, not the result itself, since two identical numbers can have
                  entirely different causes;
                - matching work to strengths where you can, and saying why you did it;
                - recognising people in the way they prefer to be recognised.

                None of this replaces managing the resources well. It sits alongside, and it is the part your
                team will remember about you.

                The next lesson applies this to three situations every sales leader meets: an underperformer, a
                headcount cut and a territory change.
                """
            ),
        ),
        LessonSpec(
            title="Three situations: an underperformer, a headcount cut, a territory change",
            kind=ARTICLE,
            body=md(
                """
                ## 1. Two reps at sixty per cent

                Halfway through the year, Marco and Jen are both at sixty per cent of their year-to-date quota.
                The dashboard shows them side by side, in the same shade of amber.

                **The resource view.** Both get the same performance-improvement plan: more calls per day, a
                weekly pipeline review, a target to double their meetings. The plan is fair, documented and
                identical.

                **The individual view.** You sit with each of them separately and work out why. Marco has plenty of
                meetings but stalls at the proposal stage; he has never been comfortable talking about money and
                discounts to fill the gap. Jen lost her two largest accounts to a reorganisation in January and
                has been rebuilding from almost nothing; her activity is the highest on the team. Marco needs
                coaching on value and pricing conversations, with you on two of his calls. Jen needs time, help
                opening doors in two target accounts, and to hear that you have seen her effort. Doubling Jen's
                calls would burn her out; doubling Marco's would produce more stalled proposals.

                ## 2. The cut you did not choose

                Your director tells you the team of nine must become seven by the end of next month. A list sorted
                by year-to-date revenue sits in your inbox, with the bottom two highlighted.

                **The resource view.** The list decides. It is objective, defensible and quick.

                **The individual view.** You may well end up with the same two names, and the decision may still
                be hard. But before you agree, you look at what the list does not show: the rep at the bottom who
                joined in March and is ramping faster than anyone before her; the rep in the middle whose customers
                renew at twice the team's rate. You make the case to your director with those facts. And however it
                ends, you tell each affected person yourself, face to face, and then you spend time with the seven
                who remain.

                ## 3. A new territory map

                Marketing redraws the territories by postcode. Each rep gets the same number of target accounts.

                **The resource view.** The map is balanced, so it is fair. Roll it out on the first of the month.

                **The individual view.** Balanced on paper is not balanced in practice. One rep has spent five
                years building relationships in an area the new map hands to someone else; another is strongest
                with public-sector buyers and now has none. You do not have to tear up the map, but you look for
                the two or three swaps that fit people's strengths and protect relationships customers value,
                and you explain the final map to each rep in person, including why they got what they got.

                ## The thread through all three

                In each case the resource view is not wrong; it is incomplete. The numbers, lists and maps are the
                starting point. Leading begins when you ask what they do not tell you about the people involved.
                """
            ),
        ),
        LessonSpec(
            title="Worksheet: a one-page profile for each person",
            kind=ARTICLE,
            body=md(
                """
                This worksheet gives you one page per direct report. Fill it in from memory first, without
                looking at the CRM or last year's appraisal; the gaps are the useful part. Then check each answer
                with the person over the next few one-to-ones.

                ## The page

                | | your answer | confirmed with them? |
                | --- | --- | --- |
                | What are they best at, in one sentence? | | |
                | What are they working to get better at? | | |
                | What drives them, apart from the commission cheque? | | |
                | How do they like to receive praise: in public, in private, in writing? | | |
                | How do they like to receive criticism? | | |
                | Where do they want to be in two years? | | |
                | What is getting in their way right now? | | |
                | What did I last do that helped them, and when? | | |

                ## Questions that fill the gaps

                Use these in a one-to-one, one or two at a time. They work best when the pipeline has already
                been discussed, or is saved for another day.

                - "Which part of the job would you happily do all week?"
                - "Which part do you put off, and why?"
                - "What is the best piece of feedback anyone has given you? How did they give it?"
                - "If you were leading this team, what is the first thing you would change?"
                - "What do you want to be doing in two years that you are not doing now?"
                - "What could I do differently that would make your job easier?"

                Listen more than you talk, and write down the answers afterwards, in their words.

                ## Reading the pages together

                Once every page is filled in and checked, lay them side by side and ask:

                - Is anyone doing work that misses their strongest skill, while someone else struggles with it?
                - Who has not heard specific recognition from me in the last month?
                - Whose two-year goal have I done nothing about?
                - Where were my first-draft answers most wrong, and why?

                The last question matters most. The places where you were wrong are where you have been managing
                a resource and calling it a person.

                ## Keep it alive

                Revisit each page once a quarter. People change, and a profile from last year describes someone who
                no longer quite exists. Never share the pages beyond yourself; they are notes for leading, not a
                file for judging.
                """
            ),
        ),
        LessonSpec(
            title="Common mistakes when you lead individuals",
            kind=ARTICLE,
            body=md(
                """
                ## Confusing personal with soft

                Leading individuals does not mean lowering the bar for people you like or understand. The standard
                stays the same; the route to it differs. Marco and Jen from the earlier lesson both still need to
                reach their number. What changes is the help each of them gets.

                ## Confusing personal with unequal

                Treating people individually raises a fair question from the team: why does she get coaching
                time and I do not? The answer has to be explainable. Tailor the support to the person, keep the
                rules and the rewards the same for everyone, and be ready to say why each person gets what they
                get.

                ## Guessing instead of asking

                Many managers are sure they know what motivates each rep, and many are wrong. The rep you assume
                wants promotion may want flexibility; the one you assume is coasting may be caring for a parent.
                The profile worksheet exists because guesses feel like knowledge until they are tested.

                ## Leading only the people who are easy to lead

                Time flows naturally to the reps who are enjoyable to talk to: usually the top performers and the
                ones most like you. The quiet middle of the team gets the least attention and often has the most
                room to grow. Check your calendar for the last month and count the hours each person had.

                ## Letting the dashboard set the agenda

                If every one-to-one starts with the pipeline and ends when the pipeline is done, the conversation
                never gets to the person. Keep part of the time for them, regularly, and protect it when the
                quarter gets busy, which is exactly when it matters most.

                ## Hiding behind the process in hard moments

                Cuts, demotions and performance plans come with HR procedures, and they should be followed. The
                mistake is letting the procedure do the talking: a scripted meeting, a letter, no follow-up. The
                process is the resource side. Sitting with the person, explaining, and being there afterwards is
                the leading side, and it is the part nobody else can do for you.

                The quiz that follows asks you to choose in six situations where the resource view and the
                individual view pull in different directions.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: resources and individuals",
                pass_mark=PASS_MARK,
                questions=(
                    QuestionSpec(
                        text=(
                            "Two reps are both at sixty per cent of quota. One has plenty of meetings but stalls at "
                            "proposals; the other lost two big accounts in a reorganisation and is rebuilding. What "
                            "is the best plan?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "The same number can have different causes. Coaching the cause, one person at a time, is "
                            "what leading an individual means."
                        ),
                        choices=(
                            wrong(
                                "One improvement plan for both, so that nobody can call it unfair",
                                "The same plan is fair on paper and wrong in practice: more activity will not fix "
                                "stalled proposals, and it may exhaust the rep who is already working hardest.",
                            ),
                            wrong(
                                "Focus on the rep who stalls at proposals, since the other one's problem was not their "
                                "fault",
                                "Whose fault it was does not change that both still need help to reach the number; "
                                "the rebuilding rep needs a different kind of support, not none.",
                            ),
                            right(
                                "A separate plan for each, aimed at the cause of their shortfall",
                                "Pricing and value coaching for one, help opening doors and visible recognition for "
                                "the other: the standard stays the same, the route to it differs.",
                            ),
                            wrong(
                                "Raise both reps' call targets until their pipeline recovers",
                                "This treats the number as the problem. Neither rep is short of activity for the "
                                "same reason, and for one of them activity is not the problem at all.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Your director asks you to cut the team from nine to seven and sends a list sorted by "
                            "year-to-date revenue. Which of these reflect leading the individuals involved? Choose "
                            "all that apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "The list is a starting point. Leading means bringing in what it cannot show, telling "
                            "people yourself and attending to those who remain; it does not mean refusing the cut."
                        ),
                        choices=(
                            right(
                                "Bring facts the list does not show, such as a new rep's ramp or a rep's renewal rate, "
                                "to your director",
                                "A revenue list knows nothing about ramp time or renewals. Making the case with "
                                "those facts is part of seeing people rather than rows.",
                            ),
                            wrong(
                                "Refuse to take part until the decision is reversed",
                                "Leading individuals does not mean pretending the business constraint away; refusing "
                                "leaves the decision to someone who knows your people less well.",
                            ),
                            right(
                                "Tell each affected person yourself, face to face",
                                "The procedure will say what must be in the letter. Saying it in person is the part "
                                "nobody else can do for you.",
                            ),
                            right(
                                "Spend time with the seven who remain in the weeks afterwards",
                                "Those who stay watch how the cut was made and draw conclusions about how they are "
                                "seen; they need your attention too.",
                            ),
                            wrong(
                                "Let HR run the conversations so the process stays consistent",
                                "HR's procedure should be followed, but handing over the conversations lets the "
                                "process do the talking at the moment the person most needs their leader.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A new territory map gives every rep the same number of target accounts. One rep loses an "
                            "area where she has built relationships for five years. What is the leader's move?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "A balanced map is a good resource decision. Leading adds the few adjustments that fit "
                            "people and customers, and explains the result to each person."
                        ),
                        choices=(
                            wrong(
                                "Roll out the map unchanged: it is balanced, so nobody can call it unfair",
                                "Balanced on paper ignores the relationships customers value and the strengths of the "
                                "people; it is the resource view on its own.",
                            ),
                            wrong(
                                "Let her keep her old area and reduce her share of the new accounts to compensate",
                                "This protects one person by quietly unbalancing the map for everyone else, and you "
                                "will struggle to explain it to the team.",
                            ),
                            wrong(
                                "Ask the team to vote on the final map so everyone has a say",
                                "A vote shares out the decision, but it does not look at individual strengths, and "
                                "the most popular map is not necessarily the one customers need.",
                            ),
                            right(
                                "Make a few swaps that protect key relationships, and explain the map to each rep",
                                "You keep the map's balance and still treat people as individuals; explaining "
                                "each person's share yourself is part of leading them.",
                            ),
                        ),
                    ),
                    true_false(
                        "Coaching one rep weekly while another gets a monthly check-in can be consistent with leading "
                        "individuals fairly.",
                        answer=True,
                        explanation=(
                            "Support may differ from person to person as long as the standard and the rewards stay "
                            "the same and you can explain why each person gets what they get."
                        ),
                        true_feedback=(
                            "Yes. Fairness here means the same bar for everyone and a reason you can give for the "
                            "support each person receives, not identical calendars."
                        ),
                        false_feedback=(
                            "Identical treatment is not the test. Different support is fair when the standard is the "
                            "same and you can explain the difference to anyone who asks."
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            'You fill in a one-page profile for each rep from memory. For one rep you wrote "wants '
                            'promotion"; when you ask, she says she wants to keep her accounts and work four days a '
                            "week. What should you take from this?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "The gap between your guess and her answer is the useful finding: it shows where you have "
                            "been managing a resource rather than leading a person."
                        ),
                        choices=(
                            right(
                                "Update the page and talk with her about what she actually wants",
                                "That is what the worksheet is for: guesses feel like knowledge until you check them. "
                                "Now you can support the goal she has.",
                            ),
                            wrong(
                                "She is probably being modest; keep her on the promotion track",
                                "Overruling what she told you about herself is precisely the habit the exercise is "
                                "meant to break.",
                            ),
                            wrong(
                                "Her answer shows low ambition, which should go into her appraisal",
                                "The profile is a set of notes for leading, not a file for judging. Wanting a "
                                "different shape of work is not a lack of ambition.",
                            ),
                            wrong(
                                "Nothing much: motivation is private and not the manager's business",
                                "What drives someone is exactly what you need to know to lead them, provided you ask "
                                "and keep the answer to yourself.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Looking at last month's calendar, you see you spent nine hours with your two top "
                            "performers and under an hour with each of the four reps in the middle. What is the best "
                            "next step?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Time drifts to the people who are easiest to talk to. Rebalancing it deliberately gives "
                            "the middle of the team the attention where growth is most likely."
                        ),
                        choices=(
                            wrong(
                                "Keep going: the top performers bring in most of the revenue",
                                "They do, and they still need you, but they are usually the ones who need you least; "
                                "the middle of the team has the most room to grow.",
                            ),
                            right(
                                "Book regular time with each of the four, shaped to what each needs",
                                "This corrects the drift on purpose and starts from the individual rather than from a "
                                "standard agenda.",
                            ),
                            wrong(
                                "Give every rep exactly the same number of hours from now on",
                                "Equal hours is a resource answer to a people question; some will need more than "
                                "others, and for reasons you should be able to name.",
                            ),
                            wrong(
                                "Ask the top performers to mentor the middle four, since they know the job best",
                                "Peer mentoring can help, but handing the middle of the team to others avoids the "
                                "problem you found, which is your own attention.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


RULES_VALUES = ModuleSpec(
    title="Managers focus on rules, leaders focus on values",
    summary=(
        "Rules matter, and they come second to values everyone understands. A discount exception, an unwritten rule "
        "about leads and a rep who bent a policy, decided from values first."
    ),
    lessons=(
        LessonSpec(
            title="Doing things right and doing the right things",
            kind=ARTICLE,
            body=md(
                """
                ## The order matters

                Every sales team has rules: discount limits, approval levels, pricing floors, contract templates,
                data-protection policies, rules about who owns which account. Most exist for good reasons. The
                distinction is not that rules are bad. It is about their rank. An organisation that puts its rules
                ahead of its values limits how good it can become. Rules work best underneath a small set of values
                that are clearly stated and well understood by everyone who has to apply them.

                ## Rules are less clear than they look

                Ask a team to write down the rules they work by and you will get two kinds. Some are written: in
                the handbook, the pricing guide, the commission plan. Many more are cultural. They grew out of what
                was allowed or approved in the past: the discount a previous director once signed, the habit of
                giving inbound leads to the longest-serving rep, the unspoken expectation that nobody questions the
                forecast in front of the vice-president. Nobody decided these rules, yet people follow them as
                firmly as the written ones, and often without knowing why.

                ## A test for which mode you are in

                Notice where you turn first when a problem lands. If your first step is to look up what the rules
                say, you are in management mode. That is not a criticism; it is a fact worth knowing, because it
                tells you which question you have not asked yet: what is the right thing to do here, given what we
                stand for?

                An old saying captures the contrast: *managers do things right, leaders do the right things.*
                Doing things right means applying the rule correctly. Doing the right things means knowing what
                the rule is for and whether, in this case, applying it serves that purpose.

                ## What the distinction does not permit

                It does not give a leader licence to ignore rules they find inconvenient. A leader who waves away
                policy whenever it suits them teaches the team that rules are for other people, and that is a
                values problem of its own. The claim is narrower: nobody should be able to make a leader apply a
                rule mechanically, with no real grasp of the circumstances it is being applied to. Sometimes
                understanding the circumstances confirms the rule. Sometimes it shows that the rule, applied here,
                would defeat its own purpose, and then the leader works through the proper route to make an
                exception or change the rule.

                ## What values look like in a sales team

                Values that guide decisions are short and concrete. "We tell customers the truth about delivery
                dates, even when it costs us the deal." "We price the same customer the same way, whoever they
                call." "We would rather lose a quarter than a customer." Each of these can settle an argument that
                a rulebook cannot. Values that cannot settle anything ("excellence", "passion") are decoration.

                A team whose values are clear needs fewer rules and applies the ones it has with more sense. The
                following lessons put that to work in three situations, give you a script for exception requests,
                and list the mistakes that turn values into slogans.
                """
            ),
        ),
        LessonSpec(
            title="Three situations: a discount exception, an unwritten rule, a bent policy",
            kind=ARTICLE,
            body=md(
                """
                ## 1. The discount exception

                A customer renewing a three-year contract asks for eighteen per cent off. Your limit is fifteen;
                anything above needs your director. The customer's fiscal year closes in eight days.

                **Rules first.** "Fifteen is the limit." Either you refuse, or you forward the request upstairs
                with a note that the customer is pushing. In both cases the rule has framed the whole
                conversation, and nobody has asked what the customer needs.

                **Values first.** You start with what the team stands for. If one of your values is that the same
                customer is priced the same way whoever they talk to, then the question is not "can we exceed
                fifteen?" but "what would we offer any customer in this position?" Perhaps the answer is a longer
                term for the extra three points, perhaps a payment schedule that fits their fiscal year at fifteen,
                perhaps the full eighteen with the director's approval because this customer has grown every year.
                You take the case upstairs with a recommendation and the reasoning, and you record it so the next
                rep facing the same question knows what was decided and why.

                ## 2. The rule nobody wrote

                Inbound leads from the website have always gone to the two longest-serving reps. It is in no
                document. When a newer rep asks why, the answer is "that's how it works".

                **Rules first.** The custom is the rule, so it continues.

                **Values first.** You ask what the custom does to the values you claim. If the team values
                rewarding results and developing people, an arrangement based only on seniority serves neither.
                You do not scrap it overnight; the two senior reps may be better at converting inbound interest,
                and that would be a real reason. You look at the conversion numbers, decide whether the custom
                stays, changes or goes, write the result down, and tell the team what you decided and why.

                ## 3. The policy a rep bent

                A rep sent a demonstration unit to a prospect without the signed loan agreement the policy
                requires. The prospect needed it for a board meeting the next morning. The deal closed. Operations
                is unhappy.

                **Rules first.** The policy was broken, so the rep gets a warning, whatever the result.

                **Values first.** You look at the full context. The loan agreement protects the company from losing
                expensive kit; did the rep take a sensible precaution another way? Did they tell anyone? Was the
                board meeting real? If the rep used judgement in line with the team's values and took reasonable
                care, you say so, and you also fix the route: next time, call you or operations so the exception is
                made openly, not quietly. If the rep simply ignored the rule because it was inconvenient, that is a
                different conversation.

                ## What the three have in common

                In none of them does the leader throw out the rule. In each, the leader asks what the rule is for
                and what the team's values say, before deciding, and makes any exception in the open.
                """
            ),
        ),
        LessonSpec(
            title="Script: handling an exception request from values first",
            kind=ARTICLE,
            body=md(
                """
                Use this when a rep brings you a request that a rule would refuse: a bigger discount, unusual
                payment terms, a non-standard clause, a customer who wants something the policy does not cover. It
                has four parts and fits a ten-minute conversation.

                ## Part 1: understand the request

                Ask before you judge:

                - "What exactly is the customer asking for, and what problem does it solve for them?"
                - "What happens for them if we say no?"
                - "What do you recommend, and why?"

                ## Part 2: name the rule and its purpose

                Say out loud which rule applies and what it is there to protect. "The fifteen per cent limit exists
                to protect our margin and to make sure customers in the same position get the same price." If
                neither of you can say what a rule protects, note that; it may be a custom rather than a rule.

                ## Part 3: test against your values

                Work through three questions together:

                1. Which of our values is at stake here, and which way does it point?
                2. If every customer in the same position asked for this, would we be comfortable saying yes to
                   all of them?
                3. Would we be comfortable if this customer, and our own director, saw exactly how and why we
                   decided?

                ## Part 4: decide, in the open

                There are three honest outcomes:

                - **Yes, within the rule.** Often the values lead you to a different offer inside the limits: a
                  longer term, a payment schedule, a phased start.
                - **Yes, as an exception.** Take it to whoever owns the rule, with a recommendation and the
                  reasoning. Record it in one line where the team can find it.
                - **No.** Explain it to the rep in terms of the value, not the rule, so they can explain it to
                  the customer the same way: "We price every customer in your position the same way, and that
                  protects you as much as anyone."

                ## A worked line for the rep

                Reps often need words for the customer. Offer them something like: "I've taken your request to my
                manager. We can't go to eighteen, because we keep pricing consistent for customers of your size.
                What we can do is move the payment dates to fit your fiscal year, which I think solves the real
                problem."

                ## After three months

                Read back the exceptions you recorded. If the same exception keeps being made, the rule may need to
                change; take that case to its owner. If none were ever made, ask whether your team has stopped
                bringing requests to you, and why.
                """
            ),
        ),
        LessonSpec(
            title="Common mistakes when you put values first",
            kind=ARTICLE,
            body=md(
                """
                ## Values that cannot decide anything

                A value like "integrity" or "customer focus" sounds right and settles nothing. If two people can
                use the same value to argue for opposite decisions, it needs to be made concrete: what does it look
                like on a call, in a proposal, in a pricing decision? Write one example next to each value.

                ## Treating values as a trump card

                "It was the right thing to do" can become an excuse for doing what you wanted anyway. Values first
                does not mean rules never. Any exception still goes through whoever owns the rule, in the open,
                with reasons someone else could check.

                ## Making exceptions in private

                A quiet favour for one customer or one rep is how new unwritten rules are born. Next quarter
                someone else hears about it and expects the same. Record exceptions where the team can see them, so
                they stay exceptions or become a rule by decision rather than by drift.

                ## Letting the written rules hide the unwritten ones

                Managers often review the handbook and never notice the custom that matters most: who gets leads,
                who is allowed to challenge a forecast, which discounts are "always" approved. The cultural rules
                carry more weight precisely because nobody examines them.

                ## Announcing values and then deciding by the rulebook

                Teams take their values from what they see the leader decide, not from a poster. If the first hard
                case after the values workshop is settled by "policy is policy" with no explanation, the team
                learns what the values were worth.

                ## Punishing the judgement you asked for

                If you ask reps to think from values and then discipline the first one who uses judgement in a
                grey area, nobody will try again. Separate two conversations: whether the judgement was sound, and
                how the exception should have been made. The second can be corrected without destroying the
                first.

                The quiz that follows has six situations, each with a rule in play; choose what a values-first
                leader would do.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: rules and values",
                pass_mark=PASS_MARK,
                questions=(
                    QuestionSpec(
                        text=(
                            "A renewing customer asks for 18% off; your limit is 15% and anything above needs your "
                            "director. Their fiscal year ends in eight days. What does a values-first response look "
                            "like?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Values first means asking what the customer needs and what you would offer any customer "
                            "in the same position, then deciding inside the limit or taking a reasoned exception to "
                            "the rule's owner."
                        ),
                        choices=(
                            wrong(
                                "Refuse politely: the limit exists to protect margin, and it applies to everyone",
                                "The rule may well hold in the end, but refusing without asking what the customer "
                                "needs is management mode: the rule has framed the whole conversation.",
                            ),
                            wrong(
                                "Agree to 18% yourself, since losing the renewal at year end would cost far more",
                                "Values first does not mean rules never. Granting it yourself skips the rule's owner "
                                "and creates a private exception that others will expect next time.",
                            ),
                            right(
                                "Ask what the discount solves, and what you would offer any customer in their position",
                                "Starting from the customer's need and from consistent treatment keeps the rule in its "
                                "place without letting it frame the answer; any exception then goes to your director "
                                "with your reasons.",
                            ),
                            wrong(
                                "Forward the request to your director, who owns the rule, and let them decide",
                                "Passing it up without a view uses the approval step as a shield; your director "
                                "needs your recommendation and the reasoning behind it.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Website leads have always gone to the two longest-serving reps, though nothing is written "
                            "down. A newer rep asks why. Which responses fit a values-first leader? Choose all that "
                            "apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "An unwritten custom is still a rule. A leader examines it against the team's values and "
                            "the evidence, decides, writes the decision down and explains it."
                        ),
                        choices=(
                            right(
                                "Check the facts, such as whether the senior reps really convert these leads better",
                                "If the custom serves the outcome there may be a real reason to keep it; you cannot "
                                "know without looking.",
                            ),
                            wrong(
                                "Explain that it has always worked this way",
                                "That describes the custom without justifying it, and tells the rep that tradition "
                                "outranks the team's values.",
                            ),
                            right(
                                "Decide whether the custom stays, changes or goes, and write the decision down",
                                "Writing it down turns a rule nobody chose into one somebody did, and lets it be "
                                "questioned next time.",
                            ),
                            wrong(
                                "Switch to a strict rotation from tomorrow without telling the senior reps why",
                                "Scrapping a custom abruptly and silently is a rules-first move in reverse; it "
                                "replaces one unexamined rule with another.",
                            ),
                            right(
                                "Tell the whole team what you decided and why",
                                "Explaining the decision in terms of values is how the team learns what those values "
                                "mean in practice.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A rep sent a demo unit to a prospect without the required signed loan agreement, so "
                            "the prospect could use it at a board meeting the next morning. The deal closed. "
                            "Operations complains. What do you do first?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Understanding the full context comes before judging. Whether the rep's judgement was "
                            "sound and how the exception should have been made are two separate conversations."
                        ),
                        choices=(
                            wrong(
                                "Issue a written warning, since the policy was broken regardless of the result",
                                "This applies the rule without looking at the circumstances, which is what a leader "
                                "should never be compelled to do.",
                            ),
                            wrong(
                                "Praise the rep in the team meeting: the judgement call won the deal",
                                "A result does not settle whether the judgement was sound, and public praise "
                                "would tell everyone the policy is optional.",
                            ),
                            wrong(
                                "Tell operations the deal justified it, and ask them to let it go this once",
                                "Dismissing operations treats the rule as irrelevant. The loan agreement protects "
                                "something real, and the route for exceptions needs fixing.",
                            ),
                            right(
                                "Find out what precautions the rep took and who knew before deciding anything",
                                "You look at the full context before judging; then you can deal separately with the "
                                "judgement and with how such exceptions should be made in future.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A customer problem lands on your desk and your first move is to open the policy manual. "
                            "What does that tell you?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Looking to the rules first is what management mode is. Knowing it is useful: it "
                            "reminds you to ask what the right thing is before you decide."
                        ),
                        choices=(
                            wrong(
                                "That you are doing the right things, by checking the policy first",
                                "Checking the rules is doing things right. Doing the right things asks what the "
                                "rule is for and whether applying it serves that here.",
                            ),
                            right(
                                "That you are in management mode, which is worth noticing",
                                "Exactly: it is a reality, not a criticism, and it points to the question you have "
                                "not asked yet.",
                            ),
                            wrong(
                                "That your team's values are unclear, or you would not need the manual",
                                "It might be so, but a first look at the policy says more about your habit than about "
                                "the team's values.",
                            ),
                            wrong(
                                "That you are about to make a mistake",
                                "Rules are often right. The habit only becomes a problem when the rule is applied "
                                "without understanding the situation.",
                            ),
                        ),
                    ),
                    true_false(
                        'A team whose stated values are "integrity" and "excellence" has values clear enough to '
                        "settle a disagreement about a discount.",
                        answer=False,
                        explanation=(
                            "Values that guide decisions are concrete enough that two people cannot use the same one "
                            "to argue opposite ways. Single abstract words rarely are."
                        ),
                        true_feedback=(
                            "Both sides of a discount argument can claim integrity and excellence. Values need an "
                            "example of what they look like in a pricing decision before they settle anything."
                        ),
                        false_feedback=(
                            'Right. Abstract words sound good and decide nothing; a value like "we price the same '
                            'customer the same way whoever they call" would.'
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Over one quarter you recorded the same payment-terms exception eleven times. What is the "
                            "leader's next step?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "An exception made again and again is a sign that the rule no longer fits. The open "
                            "route is to take the evidence to the rule's owner and change the rule."
                        ),
                        choices=(
                            right(
                                "Take the record to whoever owns the rule and propose changing it",
                                "Your records are the evidence, and changing the rule through its owner keeps it a "
                                "decision rather than a drift.",
                            ),
                            wrong(
                                "Stop granting the exception, because it has clearly become a habit",
                                "If it was justified eleven times, refusing the twelfth protects the rule at the "
                                "expense of what it was for.",
                            ),
                            wrong(
                                "Keep granting it case by case; the record shows the system works",
                                "It works at the cost of eleven approvals and a rule nobody follows; the frequency is "
                                "telling you the rule needs to change.",
                            ),
                            wrong(
                                "Let reps grant it themselves without recording it",
                                "That turns a written rule into an unwritten one, which is how cultural rules nobody "
                                "chose are born.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


PROCESS_OUTCOMES = ModuleSpec(
    title="Managers focus on process, leaders focus on outcomes",
    summary=(
        "A process earns its place by delivering the result. A slow approval, a deal that skips a stage and a team "
        "that routes around the quoting tool, seen from the outcome."
    ),
    lessons=(
        LessonSpec(
            title="The process serves the outcome",
            kind=ARTICLE,
            body=md(
                """
                ## Why processes exist

                A sales process is a set of agreed steps: how leads are qualified, what must be true before a deal
                moves to the next stage, who approves discounts, how forecasts are built, what goes into the CRM
                and when. Good processes spread what the best people have learned to everyone else, protect the
                company from avoidable risks and make results more predictable. They matter.

                But a process matters only as far as it serves the organisation and gets it to the result it
                wants. That sentence is the whole distinction. A process is a means; the outcome is the end.

                ## When the tool becomes the master

                The process has started to rule the team once following it matters more than reaching the
                result. The signs are familiar: deals reviewed for whether every field is filled in
                rather than whether the customer will buy; approvals that take longer than the customer's
                patience; reports produced every week that nobody reads; a step everyone performs and nobody can
                explain.

                ## Exceptions and crisis

                There will be times when the practical thing is to step around the process: a customer deadline the
                process did not foresee, a one-off deal, a moment when expediency genuinely matters more than the
                usual steps. Such an exception, made deliberately and known to be an exception, is healthy.

                The danger lies at the other end. When going around the process is what most people do most of the
                time, you are no longer looking at a process problem. You have a culture crisis that goes
                well beyond process and outcome: people have stopped believing the agreed way of working is worth
                following, and possibly stopped believing in the people who set it.

                ## Why some managers hold on

                A manager who insists on process will often say it is simply how things are supposed to be done.
                There can be a second reason, rarely said aloud. A role in the process (approver, reviewer,
                gatekeeper) brings a sense of influence or power, and people are usually unwilling to give that up.
                It is worth asking yourself honestly which of your approvals protect the outcome and which protect
                your place in it.

                ## What a leader does with process

                A leader keeps the outcome in view and still supports the process. They expect the team to follow
                it, they follow it themselves, and they keep asking whether it could be simpler, faster or better
                aimed. When a step stops earning its place, they change it through the proper route rather than
                quietly letting everyone skip it.

                ## A quick test

                For any step in your process, you should be able to finish this sentence: "We do this so that..."
                If the answer is an outcome a customer or the business cares about, the step has earned its place.
                If the answer is "so that we have done it", look closer.

                The next lessons take this into three situations, give you an audit table for your own process and
                list the mistakes that make outcome-focus go wrong.
                """
            ),
        ),
        LessonSpec(
            title="Three situations: a slow approval, a skipped stage, a bypassed tool",
            kind=ARTICLE,
            body=md(
                """
                ## 1. The three-day discount approval

                Every discount above five per cent needs the sales manager's sign-off. In a busy week approvals
                take three days. Last quarter two deals slipped into the next quarter while waiting.

                **Process first.** Remind the team to submit requests earlier. Perhaps add a form so requests arrive
                complete.

                **Outcome first.** Ask what the approval protects: margin, consistent pricing, a check on
                inexperienced reps. Then ask whether it protects those things better than the alternatives. You
                might raise the threshold to ten per cent, let senior reps approve up to a limit, or promise a
                same-day answer and keep the promise. Whatever you choose, you look at margins a month later to
                check the outcome held. If you notice reluctance in yourself to give the approval up, ask whether
                it protects the margin or your influence.

                ## 2. The deal that skipped a stage

                Your process says a deal cannot move to "proposal" until a technical validation has been done. A
                customer who already runs your product in another division wants a proposal this week. The
                validation would take ten days.

                **Process first.** No validation, no proposal. The customer can wait.

                **Outcome first.** The validation exists to make sure the product fits the customer's
                environment before you promise anything. Here, the customer already runs it; the risk the step
                guards against is mostly absent. You approve the exception, record why, and perhaps ask for a
                short technical call instead of the full validation. At the next process review you ask whether
                existing customers need a lighter route altogether.

                ## 3. The quoting tool nobody uses

                The company introduced a quoting tool a year ago. You discover that eight of your ten reps build
                quotes in spreadsheets and paste the totals into the CRM.

                **Process first.** Announce that quotes not built in the tool will not be approved. Audit every
                deal next month.

                **Outcome first.** Eight out of ten is not an exception; it is the rule. That tells you something
                bigger than "reps are lazy". You ask them why. Perhaps the tool cannot handle multi-year pricing,
                perhaps it takes forty minutes per quote, perhaps nobody trained them. You fix what can be fixed,
                take the rest to the tool's owner with evidence, and agree a date by which the team returns to the
                tool. You also ask yourself what it says about the team's trust in the company's way of working
                that nobody raised it for a year.

                ## What the three have in common

                In each case the leader starts from what the process is for. Sometimes that leads to a deliberate
                exception, sometimes to changing the process, sometimes to a conversation about the culture. In
                none of them does the leader simply drop the process or enforce it unexamined.
                """
            ),
        ),
        LessonSpec(
            title="Worksheet: the process audit table",
            kind=ARTICLE,
            body=md(
                """
                This worksheet takes about an hour the first time. Do it alone first, then repeat the last two
                columns with two or three reps; they see costs that you do not.

                ## Step 1: list the steps

                Write down every step a deal passes through from first contact to signature, plus the recurring
                tasks around it: forecast calls, CRM updates, reports, approvals. Include the ones nobody wrote
                down but everyone does.

                ## Step 2: fill in the table

                | step | we do this so that... | time it costs | who waits | keep, simplify, hand over or drop? |
                | --- | --- | --- | --- | --- |
                | | | | | |

                Two columns deserve care:

                - **"We do this so that..."** must name an outcome a customer or the business would recognise:
                  fewer bad-fit deals, a margin protected, a forecast the company can plan on. "So that the field is
                  filled in" is not an outcome.
                - **"Who waits"** reminds you that a step's cost is often borne by a customer or a rep, not
                  by the person who owns it.

                ## Step 3: look for three patterns

                1. **Steps with no outcome.** Candidates for removal. Check first whether someone outside the team
                   relies on them.
                2. **Approvals that run through you.** For each, ask honestly whether it protects the outcome or
                   your influence. Could a senior rep decide within clear limits?
                3. **Steps people routinely skip.** If most of the team avoids a step, find out why before you
                   enforce it. Widespread avoidance is a signal about the step, or about trust.

                ## Step 4: choose one change

                Pick one change you can make, or propose, in the next fortnight. Write it down with the outcome you
                expect and the date you will check it:

                > I will ____________________ by ______. I expect ____________________ to improve, and I will
                > check it on ______.

                ## Step 5: close the loop

                Tell the team what you found and what you are changing, including anything they told you in step 2.
                People support a process they have helped to shape.

                ## A note on exceptions

                Keep a simple log of every exception you approve: date, deal, which step was skipped, why. Read it
                monthly. A few exceptions are healthy. A growing list points either to a step that needs to change or
                to a culture that has stopped trusting the process.
                """
            ),
        ),
        LessonSpec(
            title="Common mistakes when you focus on outcomes",
            kind=ARTICLE,
            body=md(
                """
                ## Hearing "outcomes" as "anything goes"

                Focusing on outcomes is not permission to ignore the process whenever a deal is at stake. A leader
                supports the process and expects the team to follow it. If reps learn that a big enough deal
                excuses everything, you will soon have a team in which avoiding the process is the rule.

                ## Judging a process by one deal

                A step that slowed down one deal may protect you from ten bad ones you never see. Before you remove
                a step, look at what it catches across a quarter, not just what it cost this week.

                ## Changing the process quietly

                Telling one rep "just skip that step" fixes one deal and breaks the process for everyone: the next
                rep skips it too, without the context. Change steps openly, through whoever owns the process, and
                tell the team.

                ## Measuring activity and calling it an outcome

                Calls made, emails sent and meetings booked are process measures. They can be useful, but a team
                measured only on activity will optimise activity. Make sure at least one number in your weekly
                review is an outcome: deals moved forward, revenue won, customers retained.

                ## Keeping an approval for the wrong reason

                The hardest mistake to see in yourself. If an approval takes days because you are busy, and you
                still will not delegate it, ask what you would lose. If the honest answer is influence rather than
                margin, that is your answer.

                ## Blaming people for a process that does not work

                When most of the team works around a step, the first question is what is wrong with the step, and
                the second is what is wrong with the trust. Disciplining the whole team for avoiding a tool nobody
                can use treats the symptom and deepens the crisis.

                The quiz that follows asks you to weigh process and outcome in six sales situations.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: process and outcomes",
                pass_mark=PASS_MARK,
                questions=(
                    QuestionSpec(
                        text=(
                            "Discounts above 5% need your sign-off, and in busy weeks approvals take three days. Two "
                            "deals slipped into the next quarter last time while waiting. What is the outcome-focused "
                            "response?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Start from what the approval protects, then change how it works so the protection stays "
                            "and the delay goes, and check the result."
                        ),
                        choices=(
                            wrong(
                                "Ask reps to submit discount requests three days earlier",
                                "This makes the team absorb the cost of your step without asking whether the step "
                                "needs to work this way at all.",
                            ),
                            wrong(
                                "Drop the approval altogether so that no deal ever waits on it again",
                                "The approval protects margin and pricing consistency; removing it without a "
                                "replacement trades one outcome for another.",
                            ),
                            wrong(
                                "Add a request form so that every approval arrives complete and fast",
                                "A form may save a little time, but it adds process to a process problem and does "
                                "not address the three-day wait.",
                            ),
                            right(
                                "Raise the threshold or delegate within limits, then check margins",
                                "This keeps what the step is for, removes the wait, and checks that the outcome held.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Your process requires a ten-day technical validation before a proposal. A customer "
                            "already running your product in another division wants a proposal this week. What do "
                            "you do?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "The validation guards against a poor technical fit, a risk mostly absent here. A "
                            "deliberate, recorded exception serves the outcome, and the case informs the next review "
                            "of the process."
                        ),
                        choices=(
                            right(
                                "Approve a recorded exception, with a short technical call instead",
                                "A deliberate exception for a practical reason, made openly, is healthy, and it may "
                                "show that existing customers need a lighter route.",
                            ),
                            wrong(
                                "Hold the proposal until the validation is done: the process applies to everyone",
                                "This keeps the process intact at the cost of the outcome it exists to protect: the "
                                "process is ruling the team instead of serving it.",
                            ),
                            wrong(
                                "Tell the rep to send the proposal and log the validation as done",
                                "Recording a step that never happened hides the exception and corrupts the data the "
                                "process relies on.",
                            ),
                            wrong(
                                "Remove the validation step for all deals from now on",
                                "One case where a step does not fit does not prove the step is useless for new "
                                "customers, where it catches real problems.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Eight of your ten reps build quotes in spreadsheets instead of the company's quoting "
                            "tool. Which responses fit a leader? Choose all that apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "When avoiding a process is the rule, the problem goes beyond the process. A leader asks "
                            "why, fixes or escalates what is broken, agrees a return to the tool, and looks at what "
                            "the silence says about trust."
                        ),
                        choices=(
                            wrong(
                                "Announce that quotes not built in the tool will be rejected from next week",
                                "Enforcement without understanding treats a signal as disobedience and deepens the "
                                "loss of trust.",
                            ),
                            right(
                                "Ask the reps what makes them avoid the tool",
                                "Eight of ten is a pattern; the reasons are the most useful data you have.",
                            ),
                            right(
                                "Take what you cannot fix to the tool's owner, with evidence",
                                "Changing the process through its owner is the open route, and evidence from the team "
                                "makes the case.",
                            ),
                            right(
                                "Ask yourself why nobody raised the problem for a year",
                                "Widespread silent avoidance points to a culture problem that goes beyond the tool.",
                            ),
                            wrong(
                                "Let the spreadsheets continue, since the deals still close",
                                "Accepting that avoiding the process is the rule leaves the underlying crisis in place "
                                "and the company's pricing data unreliable.",
                            ),
                        ),
                    ),
                    true_false(
                        "If your reps routinely bypass a step in the sales process, the first thing to fix is the "
                        "reps' discipline.",
                        answer=False,
                        explanation=(
                            "Routine avoidance is a signal about the step, or about trust in the way of working. The "
                            "first question is why."
                        ),
                        true_feedback=(
                            "Discipline may be part of it later, but when most people avoid a step, the step itself "
                            "or the team's trust in it is the first thing to examine."
                        ),
                        false_feedback=(
                            "Correct: widespread avoidance points first to the step, and possibly to a wider culture "
                            "problem, before it points to individuals."
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "You approve every proposal before it goes out. It takes you about four hours a week, and "
                            "in the past year you changed two proposals. What should you ask yourself first?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "A role in a process can bring influence that is hard to give up. Asking honestly which "
                            "one the step protects is where a leader starts."
                        ),
                        choices=(
                            wrong(
                                "How to review proposals faster",
                                "Speed helps, but it assumes the step should exist in this form, which is the real "
                                "question.",
                            ),
                            wrong(
                                "Whether the team would notice if you stopped",
                                "What the team notices matters less than what the step protects; the answer could "
                                "be the same either way.",
                            ),
                            right(
                                "Whether the approval protects the outcome or your influence",
                                "Two changes in a year suggests the step protects little. The honest question is what "
                                "you would lose by handing it over.",
                            ),
                            wrong(
                                "Which reps' proposals need checking more closely than others",
                                "Focusing on reps avoids looking at your own role in the process, which is what the "
                                "numbers are pointing at.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "Your weekly team review tracks calls made, emails sent and meetings booked. Which change "
                            "best brings the outcome into view?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Activity measures describe the process. Adding a measure of results, such as deals "
                            "moved forward, keeps the review pointed at the outcome."
                        ),
                        choices=(
                            wrong(
                                "Raise the activity targets by ten per cent to lift the pipeline",
                                "More activity is still activity; the review stays pointed at the process.",
                            ),
                            right(
                                "Swap one activity measure for an outcome, such as deals moved forward",
                                "This keeps the review simple and makes at least one number an outcome the business "
                                "cares about.",
                            ),
                            wrong(
                                "Stop measuring activity at all and trust the team to deliver",
                                "Dropping measurement does not focus anyone on outcomes; it just removes the "
                                "information.",
                            ),
                            wrong(
                                "Add a fourth measure for social selling, to reflect how buyers research",
                                "Another activity measure adds process to the review without adding any view of "
                                "results.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)


COMPLIANCE_COMMITMENT = ModuleSpec(
    title="Managers insist on compliance, leaders ask for commitment",
    summary=(
        "The most philosophical of the five. A forecast call, a performance plan and a kick-off target, handled "
        "by asking for commitment rather than insisting on compliance."
    ),
    lessons=(
        LessonSpec(
            title="Compliance and commitment",
            kind=ARTICLE,
            body=md(
                """
                ## A difference of mindset

                The first four distinctions describe what a leader does. This one is closer to what a leader
                believes about people, which is why it is the most philosophical of the five. It also shows the
                gap between a manager's mindset and a leader's more sharply than any other.

                ## What compliance means

                Compliance means working strictly by the rules and the procedures. It also means knowing exactly
                where your authority ends, staying inside that line, and taking on no responsibility the job does
                not force on you. Above
                all, in a compliance culture success is measured by the absence of failure. A quarter in which
                nothing went wrong counts as a good quarter, whether or not anything went right.

                Compliance is not worthless. Some things must be done exactly as specified, and a rep who ignores
                contract rules or data-protection law is not showing commitment, just carelessness. The problem is
                a team in which compliance is all there is. People do what is required, defend their boundaries and
                wait for instructions. Nobody is wrong and nobody is stretching.

                ## What commitment means

                Commitment is doing what you said you would do long after the emotion you said it with has left
                you. Anyone sounds committed at the kick-off, with the music and the targets on the big screen.
                Commitment is what is still standing on an ordinary afternoon six weeks later, when the mood has
                gone and the promise is still on the list.

                ## Insist and ask

                The verbs in this distinction matter. Managers insist on compliance; it can be demanded, checked
                and enforced. Leaders ask for commitment, because it cannot be demanded. A commitment extracted
                under pressure is compliance wearing a different label, and it lasts about as long as the pressure.

                ## What comes before the ask

                A leader earns the right to ask by first giving people something worth committing to. That means a
                vision of where the team is going and goals on two levels: for each individual and for the team as
                a whole. Only then does the leader ask each person to commit to meeting those expectations, or to
                exceeding them.

                ## What makes a commitment real

                In a sales team, a real commitment usually has four features:

                - **It is in the person's own words.** You can share the goal; they say what they will do.
                - **It has a date.** Without one it is an intention.
                - **It is specific enough to check.** "Work harder on pipeline" cannot be kept or missed; "book six
                  first meetings with new logos by the end of the month" can.
                - **It is followed up.** You come back on the date, without drama, and ask how it went.

                And one feature that is about you: **you keep your own commitments visibly.** Your team learns what a
                promise is worth from watching what you do with yours.

                ## Why it matters for results

                A compliant team delivers what it is told, and it stops there. A committed team takes ownership of
                the number, notices problems early because they are its problems, and brings ideas rather than
                excuses. The difference shows up in the months when the plan goes wrong, which is when it counts.

                The next lessons apply this to a forecast call, a performance plan and a kick-off target, give you a
                script for the commitment conversation, and list the mistakes that quietly turn commitment back
                into compliance.
                """
            ),
        ),
        LessonSpec(
            title="Three situations: a forecast call, a performance plan, a kick-off target",
            kind=ARTICLE,
            body=md(
                """
                ## 1. The forecast call

                Every Monday each rep gives you a "commit" number for the quarter. Most reps have learned to give a
                low number they are sure to beat; the word "commit" has come to mean "the figure I can't be blamed
                for".

                **Compliance.** The form has a commit field; the rep fills it in; you add them up. Success is not
                missing it. Reps sandbag, and your forecast is always conservative and always a little wrong.

                **Commitment.** You change the conversation. You share what the team needs and why. Then you ask
                each rep for the number they are willing to stand behind, and, just as important, what they will
                do this week to make it real: which meetings, which decisions, which risks they will test. You
                write both down. Next week you start with the actions, not the number. Over time the commit figure
                stops being a defensive estimate and becomes a promise with a plan attached.

                ## 2. The performance plan

                A rep has missed target two quarters in a row. HR's template for a performance-improvement plan
                lists activity targets, weekly check-ins and a review date.

                **Compliance.** You fill in the template, the rep signs it, and for six weeks you check boxes. The
                rep does exactly what the plan says, no more, and you both wait to see whether the number moves.

                **Commitment.** The formal plan may still be needed, and you follow the procedure. But inside it,
                you ask the rep to diagnose their own shortfall with you, and to say in their own words what they
                will change and by when. You add what you will commit to in return: two joint calls, an introduction
                to a reference customer, a weekly half-hour. A plan the rep helped write, with promises going in
                both directions, has a far better chance than one they merely signed.

                ## 3. The kick-off target

                At the annual kick-off your team cheered a target thirty per cent above last year. Six weeks into the
                year, activity has slipped back to last year's levels.

                **Compliance.** Resend the target with a reminder of what was agreed at the kick-off, and add a
                weekly activity report so you can see who is falling behind.

                **Commitment.** The cheer was emotion, not commitment, and the emotion has left. You go back to each
                rep individually, remind them of the team's goal and their part in it, and ask what they will commit
                to for the next month: specific, dated, in their words. You also look at your own kick-off promises,
                because the team certainly has.

                ## What the three have in common

                In each case the compliance version is easier to set up and to check. The commitment version asks
                for more of the leader: a clear goal, a real question, a written answer and a follow-up on the date.
                In return it asks more of the rep, and usually gets it.
                """
            ),
        ),
        LessonSpec(
            title="Script: the commitment conversation",
            kind=ARTICLE,
            body=md(
                """
                This is a conversation for a one-to-one, a target-setting meeting or the end of a coaching session.
                It takes ten to fifteen minutes and has five steps. Keep a notebook open; the written record is part
                of the method.

                ## Step 1: the picture and the goal

                Describe where the team is going and what part this person plays in it. Then state the goal that
                applies to them, with the reason behind it.

                > "This quarter the team needs to bring in twelve new customers; that is what lets us hire in the
                > autumn. Your share of the territory suggests three of them could come from you."

                ## Step 2: the ask

                Ask, and then stop talking.

                > "What are you willing to commit to, and how will you get there?"

                Count slowly to ten in your head if you need to. Whatever fills the silence first is the answer you
                will get; make sure it is theirs.

                ## Step 3: make it checkable

                Help them turn the answer into something that can be kept or missed. Useful questions:

                - "What will you have done by the end of next week?"
                - "How will we both know it's done?"
                - "What date shall we put on it?"
                - "What could get in the way, and what will you do if it does?"

                ## Step 4: your side

                Ask what they need from you, and commit to something in return, with a date of your own.

                > "So you'll book four discovery meetings with new logos by the twentieth, and I'll join two of them
                > and get you the case study from the Hamilton account by Friday."

                ## Step 5: write it and date the follow-up

                Read the commitments back in their words, write them down, and put the follow-up in both calendars.
                Start the next meeting with them, before anything else.

                ## At the follow-up

                Ask, without drama: "You said you'd do X by today. How did it go?" Then one of three things:

                - **Kept.** Recognise it specifically. A kept promise deserves as much attention as a big deal.
                - **Missed, and said so.** Ask what got in the way and what they will commit to now. A renegotiated
                  commitment is still a commitment.
                - **Missed, not mentioned.** Ask about it directly and calmly. Letting it pass teaches everyone that
                  commitments are optional.

                ## What not to say

                Avoid "I need you to commit to..." followed by your own number. That is an instruction dressed as a
                question, and both of you will know it.
                """
            ),
        ),
        LessonSpec(
            title="Common mistakes when you ask for commitment",
            kind=ARTICLE,
            body=md(
                """
                ## Asking for commitment with the answer already written

                "Can I count on you for the number?" is not a real question; there is only one acceptable answer.
                If you already know what you want them to say, you are insisting, not asking. Ask open questions and
                be prepared to hear a number or a plan you did not expect, then discuss it.

                ## Skipping the picture

                People commit to goals they understand and care about. Asking for commitment without first sharing
                where the team is going, and why this goal matters, gets you compliance with a nicer word attached.

                ## Commitments with no date

                "I'll focus more on new business" will never be kept or missed, so it will never be discussed again.
                Every commitment needs a date and something checkable.

                ## Forgetting to follow up

                If you ask for a commitment and never mention it again, you have taught the team that commitments
                are conversation, not promises. The follow-up is where the method lives.

                ## Treating a missed commitment as a crime

                If every missed date brings a reprimand, people will commit only to what they are sure of, and you
                are back to sandbagging. Meet a missed commitment with curiosity: what happened, what was learned,
                what is the new date.

                ## Breaking your own

                The fastest way to destroy commitment on a team is for the leader to miss their own promises: the
                coaching session that moved three times, the answer from finance that never came. Keep yours, or
                renegotiate them openly and early.

                ## Measuring success by the absence of failure

                Watch your own language in reviews. If "no problems this quarter" is the highest praise you give,
                you are running a compliance culture, however often you use the word commitment.

                The quiz that follows has six situations where you can insist or ask.
                """
            ),
            quiz=QuizSpec(
                title="Quiz: compliance and commitment",
                pass_mark=PASS_MARK,
                questions=(
                    QuestionSpec(
                        text=(
                            'In your weekly forecast call, reps give a "commit" number that they nearly always beat '
                            "comfortably. What change moves the team from compliance towards commitment?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "A commit number attached to specific, dated actions, followed up the next week, becomes "
                            "a promise with a plan rather than a defensive estimate."
                        ),
                        choices=(
                            wrong(
                                "Penalise reps whose commit numbers turn out too low, so sandbagging stops",
                                "Punishing the estimate makes the defensiveness worse; people protect themselves "
                                "differently but still do not commit.",
                            ),
                            wrong(
                                "Set each rep's commit number yourself from the pipeline data, which is more objective",
                                "A number handed down is an instruction. The rep complies with it; they have not "
                                "committed to it.",
                            ),
                            right(
                                "Ask each rep for a number they will stand behind, and this week's actions behind it",
                                "Once you have shared what the team needs, the rep chooses the number, and the actions "
                                "give you something concrete to follow up next week.",
                            ),
                            wrong(
                                "Stop asking for commit numbers and use the system's weighted pipeline instead",
                                "The weighted pipeline may be a better forecast, but dropping the conversation drops "
                                "the chance to ask for commitment at all.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A rep has missed target two quarters running and HR requires a formal improvement plan. "
                            "Which steps build commitment inside that plan? Choose all that apply."
                        ),
                        kind=MULTIPLE,
                        explanation=(
                            "The procedure is followed, and inside it the rep diagnoses the shortfall, states their "
                            "own dated actions, and the leader commits to something in return."
                        ),
                        choices=(
                            right(
                                "Ask the rep to work out with you why they are short",
                                "A rep who helped diagnose the problem is far more likely to own the fix.",
                            ),
                            right(
                                "Have the rep state in their own words what they will change and by when",
                                "Their words and their dates make it their commitment rather than your instruction.",
                            ),
                            wrong(
                                "Fill in HR's template yourself so it is consistent, and ask the rep to sign",
                                "A signature shows compliance with a document; it does not mean the rep has committed "
                                "to anything in it.",
                            ),
                            right(
                                "Commit to specific support yourself, with dates",
                                "Promises in both directions show the plan is shared and that you keep your word too.",
                            ),
                            wrong(
                                "Skip the formal plan, since commitment matters more than procedure",
                                "The required procedure still applies; commitment is built inside it, not instead of "
                                "it.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "The team cheered an ambitious target at the kick-off. Six weeks later activity is back at "
                            "last year's level. What is happening, and what do you do?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Commitment is doing what you said long after the emotion has gone. The cheer was the "
                            "emotion; the leader now asks each person for a specific, dated commitment."
                        ),
                        choices=(
                            right(
                                "The kick-off mood has faded; ask each rep for a dated commitment for the next month",
                                "This goes back to the individual, restates the goal, and asks for something "
                                "checkable that outlasts a mood.",
                            ),
                            wrong(
                                "The team is not committed; resend the target with a reminder that they agreed to it",
                                "A reminder insists on what was said in the moment. Agreement in a cheering room was "
                                "never a commitment.",
                            ),
                            wrong(
                                "Activity has slipped; start a weekly activity report to spot who is behind",
                                "Monitoring shows who is complying; it does nothing to help anyone commit.",
                            ),
                            wrong(
                                "The energy has gone; run a second motivational event to bring it back",
                                "Another dose of emotion fades just as fast; it treats the mood as the problem.",
                            ),
                        ),
                    ),
                    true_false(
                        "A quarter in which nobody on the team made a mistake is, by that fact alone, evidence of a "
                        "committed team.",
                        answer=False,
                        explanation=(
                            "Measuring success by the absence of failure is the mark of compliance. A committed team "
                            "is recognised by promises kept and goals met or exceeded."
                        ),
                        true_feedback=(
                            "That is the compliance yardstick: success measured by lack of failure. A team can avoid "
                            "every mistake by never stretching."
                        ),
                        false_feedback=(
                            "Right. No mistakes tells you people stayed inside the lines; it says nothing about "
                            "whether they kept promises or pushed for more."
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "At the end of a one-to-one you want a commitment from a rep about new business. Which "
                            "question is most likely to get one?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "An open question about what they will do, and by when, invites a commitment in their "
                            "own words that can be checked later."
                        ),
                        choices=(
                            wrong(
                                '"Can I count on you to focus a lot more on new business from now on?"',
                                'There is only one acceptable answer, and "focus more" can never be kept or missed.',
                            ),
                            wrong(
                                '"I need you to book ten new-logo meetings this month. OK?"',
                                "That is an instruction dressed as a question; the rep can comply but has not "
                                "chosen anything.",
                            ),
                            wrong(
                                '"How do you feel about new business at the moment, honestly?"',
                                "A good opening for a conversation, but it does not ask for anything the rep can "
                                "commit to.",
                            ),
                            right(
                                '"What will you do about new business, and by when?"',
                                "Open and asking for a date: the answer will be theirs, and checkable at the next "
                                "meeting.",
                            ),
                        ),
                    ),
                    QuestionSpec(
                        text=(
                            "A rep committed to sending three proposals by the 15th. On the 16th, two have gone and "
                            "the rep has not mentioned the third. What is the best response?"
                        ),
                        kind=SINGLE,
                        explanation=(
                            "Following up calmly on the date, with curiosity rather than blame, keeps commitments "
                            "meaningful without teaching people to promise only what is safe."
                        ),
                        choices=(
                            wrong(
                                "Say nothing; two out of three is good progress",
                                "Letting a missed commitment pass unmentioned teaches the whole team that "
                                "commitments are optional.",
                            ),
                            right(
                                "Ask calmly what happened to the third and agree a new date",
                                "You follow up without drama, learn what happened, and turn the miss into a "
                                "renegotiated commitment.",
                            ),
                            wrong(
                                "Note the missed proposal in the rep's performance file",
                                "Treating a miss as an offence pushes people to commit only to what they are sure of, "
                                "which is the compliance you are trying to leave.",
                            ),
                            wrong(
                                "Send the third proposal yourself so the customer is not kept waiting",
                                "Rescuing the task takes ownership away from the rep and skips the conversation about "
                                "the commitment.",
                            ),
                        ),
                    ),
                ),
            ),
        ),
    ),
)

COURSE = CourseSpec(
    slug="sales-leadership-distinctions",
    title="Leading a Sales Team: The Five Distinctions",
    summary=(
        "The five distinctions between managing a sales team and leading one, each a module with the idea, three "
        "sales situations, a worksheet or script for work and the common mistakes, then a six-question quiz."
    ),
    level=Course.Level.INTERMEDIATE,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        A sales team has to be managed and it has to be led, and the two are different jobs. This course works
        through five distinctions between them, drawn from Wayne Fredin's writing on sales leadership and sales
        management:

        1. Managers react, leaders act
        2. You manage resources, you lead individuals
        3. Managers focus on rules, leaders focus on values
        4. Managers focus on process, leaders focus on outcomes
        5. Managers insist on compliance, leaders ask for commitment

        Wayne Fredin's book, *Sales Leadership: Distinctions with a Difference* (2015), discusses the subject in
        detail. This course is not the book and does not reproduce it: it was written for this platform from the
        distinctions themselves, and sets each one in the situations a sales leader meets at work.

        Each distinction is a module of four short lessons: the idea, three sales situations handled both ways
        (among them a resignation, a slipping forecast, an underperformer and a discount exception), a worksheet
        or script to use with your own team, and the mistakes people commonly make. Each module ends with a quiz
        of six scenario questions. You pass with four of the six right (a pass mark of 65%) and have three
        attempts. Once you have passed, or used your attempts, every choice shows why it fits the distinction or
        does not.
        """
    ),
    modules=(REACT_ACT, RESOURCES_INDIVIDUALS, RULES_VALUES, PROCESS_OUTCOMES, COMPLIANCE_COMMITMENT),
)
