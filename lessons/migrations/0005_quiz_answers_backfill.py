"""The answer rows of every attempt graded before they existed, from the results stored on it."""

from django.db import migrations

BATCH = 2000


def backfill(apps, schema_editor):
    QuizAttempt = apps.get_model("enrollments", "QuizAttempt")
    QuizAnswer = apps.get_model("lessons", "QuizAnswer")
    Question = apps.get_model("lessons", "Question")
    Choice = apps.get_model("lessons", "Choice")
    # Results may name questions or choices deleted since: a deleted question's answers are left
    # out (as deleting it would have removed them), a deleted choice becomes no choice.
    questions = set(Question.objects.values_list("pk", flat=True))
    choices = set(Choice.objects.values_list("pk", flat=True))
    graded = QuizAttempt.objects.filter(submitted_at__isnull=False).order_by("pk").values_list("pk", "results")
    rows = []
    for attempt_id, results in graded.iterator(chunk_size=BATCH):
        for result in results or []:
            question, correct = result["question"], bool(result["correct"])
            if question not in questions:
                continue
            chosen = sorted(result.get("chosen") or [])
            if not chosen:
                rows.append(QuizAnswer(attempt_id=attempt_id, question_id=question, index=0, correct=correct))
            right = set(result.get("correct_choices") or [])
            rows += [
                QuizAnswer(
                    attempt_id=attempt_id,
                    question_id=question,
                    choice_id=choice if choice in choices else None,
                    index=index,
                    correct=correct,
                    choice_correct=choice in right,
                )
                for index, choice in enumerate(chosen)
            ]
        if len(rows) >= BATCH * 10:
            QuizAnswer.objects.bulk_create(rows, batch_size=BATCH)
            rows = []
    QuizAnswer.objects.bulk_create(rows, batch_size=BATCH)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0004_quiz_answers")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop, elidable=True)]
