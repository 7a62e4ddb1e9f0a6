"""Building blocks shared by the instructor admin of `courses` and `lessons`.

Nesting (modules with their lessons, questions with their choices) and drag and drop come from
django-nested-admin; what is ours is the course scoping and the save order that keeps the unique
(parent, position) constraints happy.

- `CourseScopedAdminMixin`: an instructor sees and changes only what belongs to the courses they teach.
- `ScopedInlineMixin` / `OrderedInlineFormSet`: the same scoping for nested rows, and drag-and-drop
  reordering saved despite the unique (parent, position) constraints.
- `AppendPositionAdminMixin`: stand-alone pages put new or moved rows last instead of asking for a number.
"""

from functools import partial

from django import forms
from django.db.models import F, Max, Model, QuerySet
from django.http import Http404
from nested_admin.formsets import NestedInlineFormSet, mutable_querydict

# How each content model reaches its course ("" for the course itself).
COURSE_LOOKUPS = {
    "courses.course": "",
    "courses.module": "course",
    "courses.challenge": "course",
    "lessons.lesson": "module__course",
    "lessons.quiz": "lesson__module__course",
    "lessons.question": "quiz__lesson__module__course",
    "lessons.choice": "question__quiz__lesson__module__course",
}


def taught_by(queryset: QuerySet, user, course_lookup: str) -> QuerySet:
    """Rows of `queryset` that belong to a course `user` teaches; everything for a superuser."""
    if user.is_superuser:
        return queryset
    from courses.models import Course

    taught = Course.objects.filter(instructors=user).values("pk")
    return queryset.filter(**{f"{course_lookup}__in" if course_lookup else "pk__in": taught})


def breadcrumb(obj, course_lookup: str) -> str:
    """'Course > Module > Lesson' so that a select box tells same-named modules of two courses apart."""
    parts = [str(obj)]
    node = obj
    for name in course_lookup.split("__") if course_lookup else []:
        node = getattr(node, name)
        parts.append(str(node))
    return " > ".join(reversed(parts))


class CourseScopedAdminMixin:
    """Scope a ModelAdmin to the courses the signed-in instructor teaches; superusers see everything.

    Enforced in the queryset (changelist, change/delete URLs, actions, related-only filters), in the
    object-level permissions and in every foreign-key select box that points at course content.
    """

    model: type[Model]  # from the ModelAdmin this is mixed into

    def course_lookup(self) -> str:
        return COURSE_LOOKUPS[self.model._meta.label_lower]

    def get_queryset(self, request):
        return taught_by(super().get_queryset(request), request.user, self.course_lookup())

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is None:
            # Django would redirect to the index ("perhaps it was deleted?"); another instructor's
            # course is simply not there for this user.
            raise Http404(f"No {self.opts.verbose_name} with ID “{object_id}” among your courses.")
        return obj

    def teaches(self, request, obj) -> bool:
        if obj is None or request.user.is_superuser:
            return True
        cache = request.__dict__.setdefault("_taught_objects", {})
        key = (self.model._meta.label_lower, obj.pk)
        if key not in cache:
            rows = self.model._default_manager.filter(pk=obj.pk)
            cache[key] = taught_by(rows, request.user, self.course_lookup()).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.teaches(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.teaches(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.teaches(request, obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        lookup = COURSE_LOOKUPS.get(db_field.related_model._meta.label_lower)
        if lookup is not None and "queryset" not in kwargs:
            rows = db_field.related_model._default_manager.all()
            if lookup:
                rows = rows.select_related(lookup)
            kwargs["queryset"] = taught_by(rows, request.user, lookup)
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if lookup and field is not None:
            field.label_from_instance = partial(breadcrumb, course_lookup=lookup)
        return field


class FieldBoundsMixin:
    """Turn the database's range checks into form validation with a readable message.

    `field_bounds = {"pass_mark": (0, 100)}`: works for ModelAdmins and inlines alike.
    """

    field_bounds: dict[str, tuple[int | None, int | None]] = {}

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name in self.field_bounds:
            low, high = self.field_bounds[db_field.name]
            kwargs.setdefault("min_value", low)
            kwargs.setdefault("max_value", high)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class AppendPositionAdminMixin:
    """For the stand-alone change page of an ordered row: the position is shown, not typed.

    Reordering happens by drag and drop on the parent's page. Here a new row, or a row moved to
    another parent, goes last, so it can never collide with the unique (parent, position) constraint.
    """

    position_parent: str  # the FK whose rows are ordered, e.g. "module" for a lesson
    position_field = "position"

    def get_readonly_fields(self, request, obj=None):
        return (*super().get_readonly_fields(request, obj), self.position_field)

    def save_model(self, request, obj, form, change):
        if not change or self.position_parent in form.changed_data:
            siblings = self.model._default_manager.filter(**{self.position_parent: getattr(obj, self.position_parent)})
            top = siblings.exclude(pk=obj.pk).aggregate(top=Max(self.position_field))["top"]
            setattr(obj, self.position_field, 1 if top is None else top + 1)
        super().save_model(request, obj, form, change)


class ScopedInlineMixin:
    """A nested inline that lists, and accepts posted ids of, rows of the instructor's courses only."""

    model: type[Model]

    def get_queryset(self, request):
        rows = super().get_queryset(request)
        return taught_by(rows, request.user, COURSE_LOOKUPS[self.model._meta.label_lower])


class ScopedInlineFormSet(NestedInlineFormSet):
    """nested-admin's formset, kept inside the inline's queryset.

    To let a row be dragged to another parent, nested-admin looks rows up by the ids posted, under
    any parent and in any course. Here both that lookup and the id field accept only rows of the
    queryset the inline gives (the instructor's courses), so a forged id is a form error.
    """

    def __init__(self, *args, queryset=None, **kwargs):
        self.scope = queryset if queryset is not None else self.model._default_manager.all()
        super().__init__(*args, queryset=queryset, **kwargs)

    def get_queryset(self):
        rows = super().get_queryset()
        return rows.filter(pk__in=self.scope.values("pk")) if self.data else rows

    def _parent_is_deleted(self) -> bool:
        """Whether the row this formset sits under, or any row above it, is being deleted."""
        parent = getattr(self, "parent_form", None)  # set by nested-admin on a formset under a row
        if parent is None:
            return False
        if "DELETE" in parent.fields and parent["DELETE"].value():
            return True
        above = getattr(parent, "parent_formset", None)
        return isinstance(above, ScopedInlineFormSet) and above._parent_is_deleted()

    def save(self, commit=True):
        if self._parent_is_deleted():
            # The database deleted these rows with their parent; nested-admin would save them anew.
            self.new_objects, self.changed_objects, self.deleted_objects = [], [], []
            return []
        return super().save(commit)

    def add_fields(self, form, index):
        super().add_fields(form, index)
        pk_field = form.fields.get(self._pk_field.name)
        if pk_field is not None and hasattr(pk_field, "queryset"):
            pk_field.queryset = self.scope


class PlaceField(forms.IntegerField):
    """A row's hidden position input. The formset reads it to order the rows and numbers them itself,
    so the posted number (the browser counts from 0) never reaches the model's checks."""

    widget = forms.HiddenInput

    def clean(self, value):
        return None


class OrderedInlineFormSet(ScopedInlineFormSet):
    """Rows ordered by a position that is unique per parent: modules, lessons, questions, choices.

    The browser renumbers the rows after a drag, but they are saved one at a time, so two rows
    swapping places would collide in the database. This numbers the kept rows 1..n in the order
    the page posts them (a row without a number goes last, ties keep the page order) and, just
    before the save, moves every row of this parent whose place changes, and every row dragged in
    from another parent, above all positions in use. Rows that keep their place are not touched.
    """

    sortable_field_name: str  # set by nested-admin from the inline's sortable_field_name

    def add_fields(self, form, index):
        super().add_fields(form, index)
        form.fields[self.sortable_field_name] = PlaceField(required=False)

    def clean(self):
        super().clean()
        self._ordered: list = []
        if self._parent_is_deleted():
            return  # the database deletes these rows with their parent
        field = self.sortable_field_name
        initial = set(self.initial_forms)
        kept = [form for form in self.forms if self._is_kept(form, form in initial)]
        kept.sort(key=lambda form: self._wanted_place(form, field))
        with mutable_querydict(self.data):
            for position, form in enumerate(kept, start=1):
                self.data[form.add_prefix(field)] = str(position)
                form.__dict__.pop("changed_data", None)
        self._ordered = kept

    def _is_kept(self, form, is_initial: bool) -> bool:
        if self.can_delete and self._should_delete_form(form):
            return False
        return is_initial or form.has_changed()

    def _wanted_place(self, form, field):
        try:
            position = int(form.data.get(form.add_prefix(field)))
        except (TypeError, ValueError):
            return (True, 0, self.forms.index(form))
        return (False, position, self.forms.index(form))

    def process_forms_pre_save(self, forms):
        planned = {}
        for position, form in enumerate(self._ordered, start=1):
            setattr(form.instance, self.sortable_field_name, position)
            planned[form.instance.pk] = position
        self._move_out_of_the_way(planned, len(self._ordered), self.sortable_field_name)
        return [*self._ordered, *(form for form in forms if form not in self._ordered)]

    def _move_out_of_the_way(self, planned: dict, count: int, field: str) -> None:
        manager = self.model._default_manager
        here = {}
        if self.instance.pk:
            here = dict(manager.filter(**{self.fk.name: self.instance}).values_list("pk", field))
        moving = [pk for pk, position in here.items() if planned.get(pk) != position]
        moving += [pk for pk in planned if pk is not None and pk not in here]  # dragged in from another parent
        if moving:
            top = manager.aggregate(top=Max(field))["top"] or 0
            manager.filter(pk__in=moving).update(**{field: F(field) + top + count + 1})
