"""Course 4: one-minute videos, each on one sales tip, technique, quote or cliché; the script is the transcript."""

from courses.models import Course
from lessons.models import Lesson, words_count

from .checks import spoken_seconds
from .spec import CourseSpec, LessonSpec, ModuleSpec, md

# The videos are not recorded yet: every URL points at this reserved example domain, under a path that says so.
# Replace a lesson's URL in the admin when its recording is published.
PLACEHOLDER_VIDEO_BASE_URL = "https://videos.example.com/quickies/placeholder/"
IDEA_KINDS = ("tip", "technique", "quote", "cliché")


def _quickie(*, slug: str, title: str, idea: str, hook: str, point: str, action: str, is_preview: bool = False):
    """A quickie in three parts: the hook, the one tip, technique, quote or cliché, and the call to action."""
    if idea not in IDEA_KINDS:
        raise ValueError(f"{slug}: a quickie is built on one of {IDEA_KINDS}, not {idea!r}")
    script = "\n\n".join((md(hook), md(point), md(action)))
    return LessonSpec(
        title=title,
        kind=Lesson.Kind.QUICKIE,
        body=script,
        # Declared as the script's length read aloud, until the recording gives the real one.
        duration_seconds=spoken_seconds(words_count(script)),
        video_url=f"{PLACEHOLDER_VIDEO_BASE_URL}{slug}.mp4",
        is_preview=is_preview,
    )


QUICKIES = ModuleSpec(
    title="Quickies",
    summary="One minute, one idea: a tip, a technique, a quote or a cliché, and what to do with it.",
    lessons=(
        _quickie(
            slug="always-be-closing",
            title='"Always be closing"? Always be helping',
            idea="cliché",
            is_preview=True,
            hook="""
                "Always be closing." You have heard it, and it may be the most quoted line in selling.
                """,
            point="""
                Here is the trouble with it. Buyers can feel a close coming from across the room, and the moment
                they feel it, they step back. A close that arrives before the buyer is ready does not speed the
                deal up; it stalls it, because now the buyer is defending themselves instead of thinking about
                their problem. So swap one word. Always be helping. Helping the buyer decide: clarify what they
                need, compare the options honestly, including the ones that are not yours, and take the risk out
                of saying yes. When you do that well, the close is not a trick at the end. It is simply the next
                sensible step, and the buyer often takes it before you ask.
                """,
            action="""
                On your next call, count how many of your sentences help the buyer decide, and how many push.
                """,
        ),
        _quickie(
            slug="people-buy-from-people-they-trust",
            title="People buy from people they like? Not quite",
            idea="cliché",
            hook="""
                "People buy from people they like." It sounds right, and it has paid for a lot of lunches.
                """,
            point="""
                But think about your own buying. You have certainly bought from people you did not especially
                like, because they knew their stuff and told you the truth. And you have turned down charming
                people whose product did not fit. Liking helps you get the meeting. What wins the decision is
                trust, and trust is built from two things: that you understand the buyer's problem better than
                anyone else they have spoken to, and that you will tell them when your product is not the answer.
                Being likeable is pleasant. Being right, and being honest when you are not, is what gets you
                chosen, and recommended.
                """,
            action="""
                Before your next meeting, write down what this buyer is trying to fix, in one sentence. If you
                cannot, that is your homework, and it matters more than the lunch.
                """,
        ),
        _quickie(
            slug="the-customer-is-always-the-customer",
            title="The customer is always right? The customer is always the customer",
            idea="cliché",
            hook="""
                "The customer is always right." Every salesperson has said it, usually through gritted teeth.
                """,
            point="""
                It is not true, and pretending it is does your customer no favours. Customers are sometimes wrong
                about what they need, about what a product can do, and about how long things take. If you simply
                agree, you sell them the wrong thing, and they blame you later. A better version: the customer is
                always the customer. They always deserve to be heard in full, taken seriously, and treated with
                respect. That includes hearing, politely and with reasons, "I don't think that will solve your
                problem, and here's why." Customers remember the salesperson who saved them from a mistake far
                longer than the one who agreed with everything they said.
                """,
            action="""
                The next time a customer asks for something you think is wrong for them, say so, kindly, and
                explain your reasons. Then let them decide.
                """,
        ),
        _quickie(
            slug="ask-for-the-referral-after-the-first-win",
            title="Ask for the referral after the first win",
            idea="tip",
            hook="""
                When do most salespeople ask for a referral? At the signing, when the customer has just spent a
                lot of money and has not seen a single result yet.
                """,
            point="""
                Here is a better moment: the first time the customer tells you something has worked. The report
                that saved them a day. The first order shipped on time. The team that finally stopped using
                spreadsheets. At that moment they are pleased, the result is fresh, and they can describe it to a
                colleague in their own words, which is worth far more than anything in your brochure. Make the
                ask specific, too. Not "do you know anyone who might be interested?" but "who else in your
                industry is dealing with the same problem you had six months ago?"
                """,
            action="""
                Think of one customer who has had a recent win with you, and ask them that question this week,
                while the win is still fresh in their mind.
                """,
        ),
        _quickie(
            slug="summarise-before-you-solve",
            title="Summarise before you solve",
            idea="technique",
            hook="""
                The customer has just spent ten minutes explaining their problem. You know exactly how your
                product fixes it. So you start talking about your product. Stop.
                """,
            point="""
                First, summarise what you heard, in their words rather than yours, and then ask: "Have I got that
                right?" Three things happen. You find out whether you really understood, and often you had not
                quite. The customer hears their own problem described clearly, which is surprisingly rare for
                them. And they usually add the most important detail of the whole conversation, the one they had
                not mentioned, because now they know you are listening. Only then offer your solution, and point
                it at the problem they confirmed rather than at the one you assumed. It takes thirty seconds and
                it changes the rest of the meeting.
                """,
            action="""
                In your next discovery call, summarise before you solve, and notice what the customer adds.
                """,
        ),
        _quickie(
            slug="promise-accurately",
            title="Under-promise, over-deliver? Promise accurately",
            idea="cliché",
            hook="""
                "Under-promise and over-deliver." It sounds like wisdom, and it has quietly cost a lot of
                salespeople a lot of deals.
                """,
            point="""
                If you under-promise, you sound less capable than your competitor, who promises what they can
                actually do. You lose the deal before you ever get the chance to over-deliver. And if you do win,
                customers who keep getting more than they were told soon stop believing anything you say about
                dates, because your dates are clearly padded. The better habit is dull and powerful: promise
                accurately, then deliver exactly what you promised, on the day you said. When something slips,
                tell the customer before they notice. Over a year, the salesperson whose word is simply reliable
                beats the one who keeps producing pleasant surprises.
                """,
            action="""
                Look at the last promise you made to a customer. Was it accurate, or padded? Make the next one
                accurate.
                """,
        ),
        _quickie(
            slug="name-the-objection-first",
            title="Name the objection before they do",
            idea="technique",
            hook="""
                You know the objection is coming. You are more expensive, or newer, or smaller than the other
                supplier. And you are hoping the buyer does not raise it.
                """,
            point="""
                Raise it yourself, early and calmly. "You've probably noticed we're not the cheapest option. Let me
                tell you why customers still choose us, and you can judge whether that applies to you." When you
                name an objection first, three things change. It stops being a weakness you were hiding and
                becomes a fact you are comfortable with. You get to frame it, instead of answering it on the back
                foot. And the buyer learns that you will tell them the awkward things, which makes everything
                else you say more believable. The objection you never mention does not go away. It waits until
                the buyer is talking to your competitor.
                """,
            action="""
                Write down the objection you dread most, and a calm two-sentence way to raise it yourself.
                """,
        ),
        _quickie(
            slug="three-things-before-the-first-call",
            title="Three things to know before the first call",
            idea="tip",
            hook="""
                "So, tell me a bit about your business." If that is your first question, the buyer has just
                learned that you did not prepare.
                """,
            point="""
                Buyers are busy, and they resent explaining what a minute of research would have told you. Before
                any first call, find three things. One: something that has recently happened to their company, a
                result, a launch, a new leader, a merger. Two: what the person you are meeting is responsible for,
                and what they are probably measured on. Three: your best guess at the problem they might have,
                written as a question you can test. Then open with what you found: "I saw you've opened two new
                sites this year; I'm guessing that's put pressure on your delivery times. Is that right?" Even if
                you are wrong, you have shown you care enough to prepare.
                """,
            action="""
                Before your next first call, write your three things down, and make the third one a question.
                """,
        ),
        _quickie(
            slug="everyone-lives-by-selling-something",
            title='"Everyone lives by selling something"',
            idea="quote",
            hook="""
                "Everyone lives by selling something." The line is usually credited to Robert Louis Stevenson.
                """,
            point="""
                It is a useful reminder for anyone who feels slightly embarrassed to be in sales. The engineer
                sells a design to the review board. The doctor sells a treatment plan to a worried patient. The
                manager sells a change to a sceptical team. Everyone is persuading someone to take their idea
                seriously and act on it. The ones who do it well are not the loudest. They understand the other
                person's situation, they are honest about what they offer, and they make it easy to say yes. If
                those habits serve you in selling, they will serve you everywhere else, and the reverse is also
                true.
                """,
            action="""
                Today, notice one moment outside your sales work where you are selling an idea, and sell it the way
                you would to your best customer.
                """,
        ),
        _quickie(
            slug="features-tell-benefits-sell",
            title="Features tell, benefits sell",
            idea="cliché",
            hook="""
                "Features tell, benefits sell." It is one of the oldest lines in sales training.
                """,
            point="""
                This is a cliché worth keeping, with one correction. A feature is what the product does. A benefit
                is what that means for this particular customer. "Our system syncs every five minutes" is a
                feature. "Your reps will stop arguing about whose numbers are right in the forecast call" is a
                benefit, if that is their problem. And that condition is the correction: a benefit only counts
                if it answers something the customer told you. A generic benefit is just a feature in a nicer
                jacket. So the trick is not a list of benefits prepared in advance. It is listening well enough
                to know which single feature matters to this buyer, and then saying what it will change for them.
                """,
            action="""
                Take your product's three best features and, for your next customer, write the one benefit each
                would bring, in that customer's words.
                """,
        ),
    ),
)

COURSE = CourseSpec(
    slug="sales-quickies",
    title="Sales Quickies",
    summary="One-minute videos for salespeople, each on a single tip, technique, quote or cliché, with the script.",
    level=Course.Level.BEGINNER,
    drip_mode=Course.DripMode.NONE,
    description=md(
        """
        Ten one-minute videos, each on a single idea: a practical tip, a technique you can try on your next call,
        a quote worth remembering, or one of the clichés every sales floor repeats, looked at honestly. Short does
        not mean shallow; each one ends with something to do.

        Each lesson shows the full script as its transcript, so you can read it in less time than it takes to
        watch. The recordings are still being made: until they are published, each lesson's video link is a
        placeholder on an example address that plays nothing, and the transcript is the lesson.
        """
    ),
    modules=(QUICKIES,),
)
