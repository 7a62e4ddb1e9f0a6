"""Course 3: two-minute thoughts, one each weekday, in weekly themes of five."""

from courses.models import Course
from lessons.models import Lesson

from .spec import CourseSpec, LessonSpec, ModuleSpec, md

THOUGHTS_PER_THEME = 5


def _week(*, index: int, title: str, summary: str, thoughts: tuple[tuple[str, str], ...]) -> ModuleSpec:
    """A weekly theme of five thoughts; with the weekday drip each opens one weekday after the one before."""
    return ModuleSpec(
        title=title,
        summary=summary,
        lessons=tuple(
            LessonSpec(
                title=thought_title,
                kind=Lesson.Kind.DAILY_THOUGHT,
                body=body,
                unlock_after=index * THOUGHTS_PER_THEME + step,
            )
            for step, (thought_title, body) in enumerate(thoughts)
        ),
    )


ACT_NOT_REACT = _week(
    index=0,
    title="Week 1: Act, don't react",
    summary="Five thoughts on choosing your response instead of letting the event choose it for you.",
    thoughts=(
        (
            "Your first hour",
            md(
                """
                Most sales leaders hand their first hour to whoever emailed overnight. The inbox is a list of other
                people's priorities, sorted by how recently they panicked, and it feels productive to clear it.

                Try a different order. Before opening anything, write down one thing you will do today that moves
                your team forward and that nobody has asked you for: a call to a stalled customer, ten minutes
                preparing a difficult one-to-one, a note to a rep who has had a hard month. Then do it before the
                inbox gets its turn.

                This is not about ignoring what came in overnight. Some of it will matter. It is about making sure
                that at least one thing in your day was your choice rather than your response. Leaders who act
                instead of reacting are not people with fewer emergencies; they are people who protect a little
                room for deciding, every day, before the emergencies arrive.

                If you manage it three days out of five, your team will notice before you do. They will see a
                leader who arrives with a plan instead of one who arrives with a backlog.

                **Try it today:** write your one action on paper before you open your email, and do it before
                midday.
                """
            ),
        ),
        (
            "Urgent is a feeling",
            md(
                """
                A rep rushes in: the customer wants an answer within the hour on a non-standard term. Your pulse
                goes up, and the feeling says decide now.

                Urgency is a feeling about a situation, and it is not always accurate. Before you act on it, ask
                one plain question: "When does this actually need to be decided?" Surprisingly often the honest
                answer is "by the end of the day" or "before the customer meeting on the twentieth", not "in the
                next five minutes". The hour was the rep's anxiety, passed on to you.

                When there really is no time, decide, and then look at it again afterwards. But when there is time,
                use some of it. Ask what outcome the customer and you both want, what the options are, and what the
                rep would do. Then give your answer at a time you name.

                A leader who can tell real urgency from borrowed urgency teaches the whole team to do the same. A
                leader who treats every alarm as real trains the team to ring it louder.

                **Try it today:** the next time something is urgent, ask "when does this really need deciding?"
                and write the answer down before you decide.
                """
            ),
        ),
        (
            "Three options, one of them nothing",
            md(
                """
                Reflexes come with one option attached. A deal slips, so you discount. A rep complains, so you
                escalate. A customer is angry, so you offer a credit. The situation arrives with its answer already
                stapled on.

                A simple discipline breaks the staple: never decide between fewer than three options, and make one
                of them "do nothing for now". Doing nothing is rarely the winner, but putting it on the list forces
                you to say what would actually happen if you waited, and that often shows the situation is less
                urgent, or more complicated, than it looked.

                The other two options make you think about the outcome. If the choice is between a discount, a
                revised payment schedule and a call from your director to theirs, you cannot choose without asking
                what you are trying to achieve. That question is the whole difference between a reaction and an
                action.

                Three options take a minute or two to write. That is usually all a considered decision costs.

                **Try it today:** for one decision, write three options, including doing nothing for now, before
                you pick.
                """
            ),
        ),
        (
            "The decision is not the finish line",
            md(
                """
                Think of the last difficult decision you made for your team: moving accounts after someone left,
                a change to how leads are shared, a pricing call on a big renewal. Do you know what happened next?

                Most managers do not, and not because they are careless. The decision felt like the end of the
                work. The email went out, the meeting ended, and attention moved to the next thing on the list.

                Acting rather than reacting includes the part after the decision. You stay engaged long enough to
                see what your decision set in motion, and you are ready to give more direction if it drifts. The
                rep who took over the extra accounts may be drowning. The customer who got the special price may
                have told three others.

                You do not need a project plan for this. You need a date in your calendar, a few days or weeks
                out, with a note of what you expect to see by then. When the date comes, look. Adjust if you need
                to, and tell the people involved that you checked.

                **Try it today:** when you next make a decision, put a date in your calendar to look at it again,
                with one line on what you expect to see by then.
                """
            ),
        ),
        (
            "A question to end the theme",
            md(
                """
                Five thoughts about acting instead of reacting, and one question to close them: over the last
                few days, which of your decisions did you choose, and which did the situation choose for you?

                Be generous with yourself and honest at the same time. Some reflexes were right; experience is
                often a good guide, and nobody can deliberate over everything. The point is not to feel guilty
                about quick decisions. The point is to know which ones they were, because the ones you did not
                notice are the ones your team copies.

                Look for a pattern. Perhaps you act well on customer issues and react on people issues. Perhaps
                you think carefully in the morning and run on reflex after four. Perhaps a particular person, a
                director or a demanding customer, sets off your reflexes every time. Any of those is useful to
                know, because it tells you where a short pause will help most.

                Next comes a week on people: the difference between managing someone's resources and leading the
                person.

                **Try it today:** write down one decision from the last few days that you would make differently,
                and what you would do instead.
                """
            ),
        ),
    ),
)


ONE_PERSON_AT_A_TIME = _week(
    index=1,
    title="Week 2: One person at a time",
    summary="Five thoughts on leading the individual behind the quota, the territory and the calendar.",
    thoughts=(
        (
            "The row and the person",
            md(
                """
                Open your team dashboard and look at one row: name, percentage of target, pipeline coverage, last
                activity. It is useful information. It is also the least interesting thing about the person it
                describes.

                Behind that row is someone with a particular mix of skills and gaps, a reason for getting up in the
                morning that probably is not the commission plan, a way of taking feedback that differs from the
                person in the next row, and ambitions you may or may not know about.

                You can manage a rep's schedule, their pipeline and even their career path. The person has to be
                led, and you cannot lead someone you only know as a row. The danger is not that managers are cold;
                it is that the dashboard is always open and the person is only occasionally in the room.

                Today, look past one row. Pick one rep and write down three things about them that no report will
                ever show you. If you struggle to find three, that is worth knowing too.

                **Try it today:** write three things about one rep that no dashboard shows, then find a reason to
                talk to them.
                """
            ),
        ),
        (
            "Two reps, one number",
            md(
                """
                Two of your reps are at sixty-five per cent of target. The report colours them the same, and the
                quickest response is to give them the same plan.

                Ask why each of them is there, and the sameness usually vanishes. One is new and still learning the
                product. Another lost a major account in a merger. A third is spending half her week on a
                customer escalation nobody else will take. Same number, three different stories, three different
                things they need from you.

                Coaching the number produces generic advice: more calls, more meetings, more pipeline. Coaching
                the cause produces something useful: a product session for the first, help opening new doors for
                the second, and for the third, someone to share the escalation and a word that you have seen what
                she has been carrying.

                Fairness does not mean identical treatment. It means the same standard for everyone and support
                that fits each person, for reasons you can explain.

                **Try it today:** pick a rep who is behind and ask, "What do you think is getting in the way?"
                before offering any advice.
                """
            ),
        ),
        (
            "Ask how they like to hear it",
            md(
                """
                Some people glow when praised in front of the team. Others would rather disappear. Some want
                criticism straight and immediate; others need a day to think before they can hear it. Most
                managers give feedback the way they themselves like to receive it, which suits exactly the people
                who are like them.

                There is a simple fix, and it feels almost too simple: ask. "When you have done something well, how
                do you like me to recognise it?" "When something needs to change, would you rather I tell you
                straight away, or wait for our one-to-one?"

                The answers take thirty seconds and change how every future piece of feedback lands. They also tell
                the person something important: that you see them as an individual, not as one more member of a
                group that gets the same treatment.

                Write the answers down. You will forget them in the busy weeks, and those are exactly the weeks when
                feedback matters most.

                **Try it today:** ask one rep how they prefer to receive praise and criticism, and note the answer.
                """
            ),
        ),
        (
            "Where your hours go",
            md(
                """
                Look at your calendar for the last four weeks and count the hours you spent with each person on
                your team, one to one. Most leaders who try this are surprised.

                Time flows to the easy conversations. The top performer who is fun to strategise with, the rep who
                reminds you of yourself, the one with the dramatic deal: they get the hours. The quiet, steady
                people in the middle of the team get whatever is left, which is often very little.

                Yet the middle is usually where your time makes the most difference. Your best people will mostly
                do well with or without you. The people who are one skill or one confidence boost away from a much
                better year are the ones who need you, and they are the least likely to ask.

                Leading individuals means choosing where your time goes, person by person, instead of letting it
                drift to whoever is easiest to be with.

                **Try it today:** count your one-to-one hours per person for the last month and book time with
                whoever had the least.
                """
            ),
        ),
        (
            "What would they say about you?",
            md(
                """
                A question to end the theme. If each person on your team described in one sentence how well you
                know them, what would they say?

                Some would say you know them well. Some might say you know their numbers well. One or two, if they
                were honest, might say you have no idea what matters to them.

                You will not get a reliable answer by asking the question directly; people are kind to their
                managers. You get closer by checking what you actually know. For each person: what are they best
                at, what are they working on, what do they want in two years, and what did you last do that
                helped them? Where the answers come easily, you are leading a person. Where they do not, you have
                been managing a resource.

                None of this replaces managing the resources well. Quotas, territories and calendars still matter.
                But the people on your team will remember how well you knew them long after they have forgotten
                their numbers.

                Next comes a week on rules and values.

                **Try it today:** for each direct report, write the one thing you most need to learn about them,
                and where you will ask.
                """
            ),
        ),
    ),
)


VALUES_BEFORE_RULES = _week(
    index=2,
    title="Week 3: Values before rules",
    summary="Five thoughts on the rules your team follows, the values behind them and the order they come in.",
    thoughts=(
        (
            "Where your hand goes first",
            md(
                """
                A problem lands: a customer wants terms outside policy, a rep has quietly broken a pricing rule, two
                reps are fighting over an account. Notice what you reach for first.

                If the first move is to look up what the rules say, you are managing. That is not a criticism.
                Rules exist for reasons, and checking them is sensible. It is simply worth knowing which mode you
                are in, because it tells you which question you have not yet asked: given what we stand for, what
                is the right thing to do here?

                The old saying has it that managers do things right while leaders do the right things. The first
                is about applying a rule correctly. The second is about knowing why the rule exists and whether
                applying it here serves that purpose.

                Often the answer is that the rule is right and you apply it. Sometimes it is not, and then the
                rule's owner needs to hear why. Either way, the values question comes first.

                **Try it today:** the next time you check a rule, say out loud what the rule is there to protect.
                """
            ),
        ),
        (
            "The rules nobody wrote",
            md(
                """
                Every sales team has two rulebooks. One is written down: the pricing policy, the approval limits,
                the commission plan. The other is never written, and it is usually the longer of the two.

                Inbound leads go to the longest-serving reps. Nobody questions the forecast in front of the vice
                president. Discounts of ten per cent are always approved at quarter end. Nobody leaves before the
                manager does. None of these was ever decided by anyone; they grew out of what was allowed or
                approved once, and then again, until they became how things are done.

                Unwritten rules are powerful precisely because nobody examines them. A written rule can be
                questioned; an unwritten one simply is.

                Some of them are worth keeping, and deserve to be written down so they can be explained. Some work
                quietly against what the team says it values. You cannot tell which is which until you have named
                them.

                **Try it today:** ask a newer member of your team, "What did you have to learn here that nobody
                told you?"
                """
            ),
        ),
        (
            "A value that can settle an argument",
            md(
                """
                Most company values are single words: integrity, excellence, customer focus. They look good on a
                slide and settle nothing. Two people can both invoke "customer focus" and argue for opposite
                decisions about the same discount.

                A value that guides a sales team is concrete enough to decide something. "We tell customers the
                real delivery date, even when it costs us the deal." "Two customers in the same position get the
                same price, whoever they talk to." "We would rather lose a quarter than lose a customer." Each of
                these can end an argument that a policy manual would keep going.

                If your team's values are words, try turning one into a sentence like these, with an example of
                what it looks like on a real call. Then test it: would it have settled the last disagreement you
                had to referee?

                A team with clear values can manage with fewer rules, and uses the ones it keeps more wisely.

                **Try it today:** rewrite one of your team's values as a sentence that could decide a real pricing
                or delivery question.
                """
            ),
        ),
        (
            "Values are not a loophole",
            md(
                """
                There is a trap on the other side of this distinction. Once you start thinking about values, it
                is tempting to treat "it was the right thing to do" as permission to ignore any rule you find
                inconvenient.

                That is not leadership either. A leader who sets rules aside whenever they are a nuisance shows
                the team that rules only bind junior people, which is a values problem of its own. Leaders cannot
                simply do as they please.

                What a leader should never be forced to do is apply a rule blind, with no grasp of the situation
                and the circumstances it is being applied to. Understanding the context sometimes confirms the
                rule. Sometimes it shows that applying the rule here would defeat its purpose. Then the leader
                makes the exception openly, through whoever owns the rule, with reasons someone else could check,
                and records it so it stays an exception.

                The difference between judgement and a loophole is whether you would be comfortable explaining the
                decision to everyone it affects.

                **Try it today:** think of your last exception. Could you explain it comfortably to the whole team?
                """
            ),
        ),
        (
            "What your team learns from your hard cases",
            md(
                """
                A question to end the theme: what did your team learn about your values from the last hard case
                you decided?

                Teams do not learn values from workshops or posters. They learn them from watching what the leader
                does when a value and a rule pull in different directions, especially when money is at stake. If
                the answer was "policy is policy" with no explanation, the team learned that the values are
                decoration. If the answer was a quiet favour for a big customer, the team learned that rules bend
                for the powerful.

                If the answer was a decision explained in terms of what the team stands for, made openly and
                recorded, the team learned something it can use: how to make a similar call without you.

                That last outcome is the real test. Values are working when people can decide well in situations
                you never discussed.

                Next comes a week on process and outcomes.

                **Try it today:** explain the reasoning behind one recent decision to the rep it affected, in terms
                of a value rather than a rule.
                """
            ),
        ),
    ),
)


OUTCOMES_OVER_PROCESS = _week(
    index=3,
    title="Week 4: Outcomes over process",
    summary="Five thoughts on keeping the sales process in the service of the result it exists for.",
    thoughts=(
        (
            "We do this so that...",
            md(
                """
                Pick any step in your sales process: the qualification checklist, the deal review, the CRM field
                that must be filled before a quote. Now finish this sentence about it: "We do this so that..."

                If the sentence ends in something a customer or the business cares about (fewer deals lost late,
                margins protected, a forecast the company can plan on), the step has earned its place. If it ends
                in "so that the field is filled in" or "because we always have", look closer.

                A process is a tool. It matters only as far as it helps the team reach the outcome it wants. The
                moment following the process becomes more important than getting the result, the tool has become
                the master, and the team starts serving the process instead of the customer.

                Most processes contain a few steps that made sense once and now survive on habit. Nobody removes
                them because nobody asks.

                **Try it today:** finish "we do this so that..." for three steps in your process, and note any you
                cannot finish.
                """
            ),
        ),
        (
            "The approval that protects you",
            md(
                """
                Some approvals protect the business: a margin, a contract risk, a customer commitment that needs
                more than one pair of eyes. Others mainly protect the approver.

                Being the person who signs off brings a certain influence, and it is pleasant. Reps come to you,
                deals wait for you, and you know everything that is going on. That influence is one of the main
                reasons managers hold on to steps that have stopped adding value. It is rarely said aloud, and it
                is rarely admitted even privately.

                A useful test: how often, in the last quarter, did your approval change anything? If you changed
                one proposal in fifty, the approval is costing your team days of waiting for very little
                protection. A threshold, a set of limits for your senior reps, or a promise of a same-day answer
                might protect the same outcome without the delay.

                Giving up an approval feels like losing control. More often it gives you back time you can spend
                leading.

                **Try it today:** count how many of your last twenty approvals you actually changed.
                """
            ),
        ),
        (
            "A good exception",
            md(
                """
                A customer who already runs your product in one division wants a proposal for another. Your process
                requires a technical validation first, and that takes ten days. The customer wants the proposal
                this week.

                Making an exception here is not a failure of discipline. The validation exists to check that the
                product fits, and this customer has already shown that it does. Holding the proposal for ten days
                would protect the process and damage the outcome it was built for.

                A good exception has three marks. It is made deliberately, for a practical reason you can state.
                It is made openly: the rep, you and whoever owns the process know about it. And it is recorded, so
                that if the same exception keeps being made, someone notices that the process needs to change.

                A bad exception is one made quietly, for convenience, and forgotten. Enough of those and you no
                longer have a process at all.

                **Try it today:** write down the last exception to your process that you allowed, and whether it
                had all three marks.
                """
            ),
        ),
        (
            "When everyone works around it",
            md(
                """
                One rep skipping a step is an individual issue. Most of the team skipping it is something else.

                When skipping a step is what nearly everyone does, nearly every time, the problem has gone beyond
                process. It is a question of culture: people no longer believe the agreed way of working is worth
                following, and perhaps no longer believe the people who set it will listen.

                The instinctive response is enforcement: a memo, an audit, a threat to reject anything done the
                wrong way. It rarely works, because it treats a signal as disobedience. The better first move is a
                question: "Most of you are not using this. Why?" The answers usually include something fixable,
                such as a tool that cannot handle multi-year deals or a form that takes forty minutes, and
                something harder to hear, such as "we told someone a year ago and nothing happened".

                Fix what can be fixed, take the rest to whoever owns it, and agree a date to return to the process.
                Then keep your side of that bargain.

                **Try it today:** name the step your team skips most, and find out whether anyone ever raised it,
                and what happened next.
                """
            ),
        ),
        (
            "Are you measuring the work or the result?",
            md(
                """
                A question to end the theme: look at the numbers in your weekly team review. How many of them
                measure activity, and how many measure outcomes?

                Calls made, emails sent, meetings booked and CRM updates are activity. They are easy to count and
                they describe the process. Deals moved forward, revenue won, customers kept and renewals secured are
                outcomes. They are what the activity is for.

                Activity measures have their place, especially for new reps learning the job. But a team that is
                measured only on activity will, quite rationally, produce activity. If every number in your review
                is a process number, you are telling the team, every week, that the process is the point.

                Swapping a single activity measure for an outcome measure changes the conversation: instead of
                "why did you only make forty calls?", you find yourself asking "what moved forward, and what got in
                its way?"

                Next comes a week on commitment and compliance.

                **Try it today:** mark each number in your weekly review as activity or outcome, and count.
                """
            ),
        ),
    ),
)


COMMITMENT_OVER_COMPLIANCE = _week(
    index=4,
    title="Week 5: Commitment over compliance",
    summary="Five thoughts on asking for commitment, and on what happens after the enthusiasm has gone.",
    thoughts=(
        (
            "Insist or ask",
            md(
                """
                Look closely at the verbs. Managers insist on compliance. Leaders ask for commitment.

                Compliance can be insisted on because it can be checked: the form is filled in, the step is done,
                the rule is followed. Commitment cannot, because it lives in the person. You can demand that a rep
                says yes to a number, and they will, but what you have then is compliance with a more flattering
                name. It lasts as long as you are watching.

                Asking is harder. It means the answer might not be the one you wanted. It means explaining the goal
                and the reason for it first, because nobody commits to a number they do not understand. And it
                means listening to what the person offers, even when it falls short, and talking about it honestly
                rather than overruling it.

                What you get in return is a promise the person owns. They will defend it on the bad days, because
                it is theirs, not yours.

                **Try it today:** listen for "I need you to..." in your own conversations, and count how often you
                say it.
                """
            ),
        ),
        (
            "After the applause",
            md(
                """
                At the kick-off, with the music playing and the target on the big screen, everyone is committed.
                The room cheers. Hands go up. It feels like the start of a great year.

                Six weeks later, on an ordinary afternoon with two deals slipping and a difficult customer on the
                phone, the cheer is a distant memory. This is where commitment actually lives: in keeping your word
                long after the feeling that came with it has faded.

                As a leader, you cannot keep the emotion alive, and you should not try. Motivational events fade as
                fast as the last one did. What you can do is turn the moment's enthusiasm into something that does
                not depend on mood: a specific promise, in the person's own words, with a date. Those survive an
                ordinary afternoon.

                Then follow up on the date, calmly, and recognise the promises that were kept.

                **Try it today:** find one promise from the start of the year or quarter and ask its owner, kindly,
                where it stands.
                """
            ),
        ),
        (
            "No date, no commitment",
            md(
                """
                "I'll work on my pipeline." "I'll get back to you on that." "I'm going to focus more on new
                business." Each sounds like a commitment, and none of them is one, because none can ever be kept
                or missed.

                A commitment needs two things an intention lacks: something specific enough to check and a date.
                "I'll book four first meetings with new customers by the twentieth" can be kept or missed, and
                both of you will know which. That is not a trap; it is a kindness. It lets the conversation on the
                twentieth be simple and factual instead of vague and awkward.

                Help people get there with gentle questions: "What exactly will be finished by then?" "How would we
                both see that?" "Which date works for you?" Then write it down in their words.

                The same rule applies to you. Every "I'll look into it" you say to your team deserves a date too.

                **Try it today:** add a date to every promise you make or receive today, including your own.
                """
            ),
        ),
        (
            "The quarter where nothing went wrong",
            md(
                """
                A rep finishes the quarter with no complaints, no errors, no escalations and no missed deadlines.
                Their number is exactly on target, as it was last quarter. Is that a good quarter?

                In a compliance culture, yes. Success there is measured by the absence of failure: stay inside your
                authority, take no responsibility you are not obliged to take, and a quarter without incident is a
                success. It is a comfortable way to work, and a team full of people working that way will never
                embarrass you. It will also never surprise you.

                In a commitment culture, the question is different: what did this person promise, and did they do
                it? Did they stretch for anything? A quarter with one honest miss on an ambitious commitment may be
                worth more than a quarter of flawless caution.

                Listen to your own praise. If "no problems this quarter" is the best thing you say about people,
                you are rewarding compliance, whatever you call it.

                **Try it today:** in your next piece of praise, name a commitment kept rather than a problem
                avoided.
                """
            ),
        ),
        (
            "Your team watches your promises",
            md(
                """
                A question to end the theme: how many of the promises you made to your team last month did you
                keep, on time, without being reminded?

                The coaching session you moved twice. The answer from finance that you said you would chase. The
                promise to look into the commission query. Each feels small to you. To the person waiting, each is
                evidence of what a commitment is worth on this team.

                Your team learns far more about commitment from watching your promises than from listening to what
                you say about theirs. Every promise you keep makes it easier to ask them for theirs. Every one you
                quietly let slide makes the asking a little hollow.

                When you cannot keep a promise, say so early and set a new date. A commitment renegotiated in the
                open still counts; one that simply disappears teaches everyone that promises are optional.

                Next comes a week on selling itself.

                **Try it today:** ask one person on your team whether anything you said you would do for them has
                not happened yet.
                """
            ),
        ),
    ),
)


SELLING = _week(
    index=5,
    title="Week 6: The craft of selling",
    summary="Five thoughts on selling itself: questions, price, next steps, objections and follow-up.",
    thoughts=(
        (
            "Ask why now",
            md(
                """
                Every buyer has a reason for talking to you this quarter rather than last year or next. Find it
                early and most of the deal becomes clearer.

                "Why now?" is one of the most useful questions in discovery, and one of the least asked. The answer
                tells you the urgency: a contract expiring, a new executive with a mandate, a failure that has
                finally become too costly to ignore. It often tells you who really cares about the outcome, because
                the event behind "now" usually belongs to someone specific. And it tells you the date the deal
                genuinely needs to close, which may be quite different from the date in your forecast.

                If the honest answer is "no particular reason", that is worth knowing too. A deal without a reason
                to act this quarter is a deal that can slip indefinitely, however warm the conversations feel.

                Ask it plainly and without apology. Buyers are rarely offended; most are glad someone asked about
                the thing that actually matters to them.

                **Try it today:** ask "why now?" in one customer conversation, and write down the answer word for
                word.
                """
            ),
        ),
        (
            "Say the price and stop",
            md(
                """
                The price is out of your mouth, and then comes the silence. It lasts perhaps four seconds, and it
                feels like a minute.

                Most salespeople cannot bear it. They fill the gap with justification, reassurance, or worst of
                all, an early concession: "...but of course there's some flexibility there." The customer had not
                yet objected. You objected for them, and then negotiated against yourself.

                State the price clearly, once, as a plain fact, and then stop talking. The customer needs a moment
                to think, and whatever they say next will tell you far more than anything you could have added.
                They may accept. They may ask a question. They may push back, and then you can respond to an actual
                objection instead of an imagined one.

                If you lead a team, listen for this on joint calls. It is one of the easiest habits to coach,
                because the rep can hear the difference as soon as you point it out.

                **Try it today:** the next time you state a price, count silently to five before you say anything
                else.
                """
            ),
        ),
        (
            "Book the next step before you leave",
            md(
                """
                "I'll follow up next week" is one of the most expensive sentences in selling. It hands the next
                move to your future self, who will be busy, and to the customer, who will be busier.

                The fix is simple: agree the next step while you are both still in the conversation. Who does what,
                and by when? A meeting with the technical team on the fourteenth. A draft proposal by the end of
                the month. A call with the finance director once the budget is approved. Put it in both calendars
                before you say goodbye.

                A booked next step does three things. It keeps momentum. It tests the customer's interest, because
                a buyer who will not commit to a next step is telling you something. And it makes your forecast more
                honest, because a deal with a date in the calendar is different from a deal with a hope in the CRM.

                For a sales leader, "what is the next booked step?" is one of the best questions in any deal review.

                **Try it today:** do not end a single customer conversation without a next step that has a date.
                """
            ),
        ),
        (
            "The objection behind the objection",
            md(
                """
                "It's too expensive." It is the objection every salesperson hears, and it is rarely the whole story.

                Sometimes it really is about price: the budget is fixed and you are above it. More often it stands in
                for something else. The buyer is not convinced of the value. They cannot justify it to their own
                manager. They prefer a competitor and want a polite way out. Or they are simply testing whether you
                will move.

                Responding to the words rather than the meaning leads straight to a discount, which solves only one
                of those problems and makes the others worse. Responding to the meaning starts with a question:
                "Too expensive compared to what?" or "If price weren't an issue, would this be the right choice for
                you?" The answer shows you which objection you are really facing.

                The same habit helps when you lead a team. "My rep says the customer wants a discount" deserves the
                same question: what is the customer actually worried about?

                **Try it today:** the next time you hear "too expensive", ask one question before offering anything.
                """
            ),
        ),
        (
            "A recap the same day",
            md(
                """
                A question to end the theme: after your last important customer meeting, how long did it take for
                your written recap to reach the customer?

                A short recap sent the same day does more work than almost anything else in a sales cycle. It shows
                you listened. It catches misunderstandings while they are still small: "I thought we agreed a pilot
                first, not a full rollout." It gives your contact something to forward to the people who were not in
                the room, in your words rather than theirs. And it records the next step you agreed, with its date.

                Keep it brief: what you heard, what was agreed, the next step and who owns it. Three short sections,
                no attachments, no sales pitch.

                Sent a week later, the same recap is a formality. Sent the same afternoon, it is a sign of how you
                will behave as a partner.

                This is the last thought in the course. Go back to any theme whenever a week at work calls for it.

                **Try it today:** send a recap of your next customer meeting before you leave work.
                """
            ),
        ),
    ),
)


COURSE = CourseSpec(
    slug="daily-2-minute-thoughts",
    title="Daily 2-Minute Leadership and Sales Thoughts",
    summary=(
        "A short thought for sales leaders each weekday, in six weekly themes: the five distinctions between "
        "managing and leading, and the craft of selling."
    ),
    level=Course.Level.BEGINNER,
    drip_mode=Course.DripMode.WEEKDAYS,
    description=md(
        """
        A short thought on leadership or selling for each working day, small enough to read with your first
        coffee and practical enough to use before lunch. Each takes about a minute to read; the second minute is
        for deciding what you will do with it, and each ends with a single thing to try that day.

        The thoughts come in six themes of five. The first five themes follow the five distinctions between
        managing a sales team and leading one: acting rather than reacting, leading individuals, values before
        rules, outcomes over process, and commitment over compliance. The sixth is about selling itself.

        The first thought is open as soon as you enrol. After that, one more opens each weekday, Monday to
        Friday, in your own time zone; Saturdays and Sundays are left free. A theme therefore takes five
        weekdays, which is a working week but need not start on a Monday, and the whole course takes six
        working weeks. Thoughts that have opened stay open, so you can catch up whenever you like.
        """
    ),
    modules=(
        ACT_NOT_REACT,
        ONE_PERSON_AT_A_TIME,
        VALUES_BEFORE_RULES,
        OUTCOMES_OVER_PROCESS,
        COMMITMENT_OVER_COMPLIANCE,
        SELLING,
    ),
)
