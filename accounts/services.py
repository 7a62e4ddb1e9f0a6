from django.contrib.auth.models import Group
from django.db import transaction

from .models import User

INSTRUCTORS_GROUP = "Instructors"


@transaction.atomic
def instructor_make(*, user: User) -> User:
    """Give a user the instructor role: staff, in the Instructors group."""
    group, _ = Group.objects.get_or_create(name=INSTRUCTORS_GROUP)
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(group)
    return user
