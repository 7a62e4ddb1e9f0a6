"""Building blocks shared by the instructor admin of `courses` and `lessons`.

- `CourseScopedAdminMixin`: an instructor sees and changes only what belongs to the courses they teach.
- `PositionedInlineFormSet`: saves drag-and-drop reordering despite unique (parent, position) constraints.
- `GrandchildInline`: edits grandchildren (a course's lessons, a quiz's choices) on the grandparent's page.
- `AppendPositionAdminMixin`: stand-alone pages put new or moved rows last instead of asking for a number.
"""

from collections import defaultdict
from collections.abc import Hashable
from functools import cached_property, partial

from adminsortable2.admin import CustomInlineFormSetMixin, SortableInlineAdminMixin, SortableTabularInline
from django import forms
from django.contrib import admin
from django.contrib.admin.checks import InlineModelAdminChecks
from django.contrib.admin.utils import flatten_fieldsets
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Max, Model, QuerySet
from django.forms.models import BaseInlineFormSet, BaseModelFormSet, modelformset_factory
from django.http import Http404

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


class PositionedFormSetMixin:
    """Save reordered inline rows although (parent, position) is unique in the database.

    adminsortable2 renumbers the rows 1..n in the browser, but Django saves them one at a time, so
    swapping two rows would collide. Inside the save transaction this first moves every row whose
    position or parent changes (and every row being deleted) above all positions in use, then lets
    Django save the forms. Rows that keep their place are not touched. New rows without a position
    go last. Works the same on SQLite and PostgreSQL: no deferred constraints needed.
    """

    siblings: dict | None = None  # set by SortableSiblingsAdminMixin

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.siblings is not None:
            self.siblings[self.model] = self

    def _order_field(self) -> str:
        return self.default_order_field  # type: ignore[attr-defined]  # from adminsortable2's CustomInlineFormSetMixin

    def _parent_key(self, form):
        """Which parent the row ends up under (one parent for a plain inline)."""
        return None

    def _moves_parent(self, form) -> bool:
        return False

    def _is_new(self, form) -> bool:
        return form.instance._state.adding

    def _kept_forms(self) -> list:
        """Forms whose row exists after the save: existing rows not deleted, and filled-in new rows."""
        kept = []
        # forms, can_delete and _should_delete_form come from the Django formset this is mixed into.
        for form in self.forms:  # type: ignore[attr-defined]
            if self.can_delete and self._should_delete_form(form):  # type: ignore[attr-defined]
                continue
            if self._is_new(form) and not form.has_changed():
                continue
            kept.append(form)
        return kept

    def _wanted_position(self, form):
        position = form.cleaned_data.get(self._order_field())
        if self._is_new(form) and not position:
            return None  # a new row's hidden position is empty (or the model default 0): put it last
        return position

    def _duplicate_position_error(self, key, position) -> ValidationError:
        return ValidationError(
            "Two rows have the same position. Drag them into order and save again.", code="duplicate_position"
        )

    def _plan_positions(self) -> dict:
        """Final position for each kept form; rows that stay under their parent keep the position they ask for."""
        taken: defaultdict[Hashable, dict[int, forms.BaseForm]] = defaultdict(dict)  # parent key -> {position: form}
        wishes, appended = [], []
        for form in self._kept_forms():
            key, position = self._parent_key(form), self._wanted_position(form)
            if not self._is_new(form) and not self._moves_parent(form) and position is not None:
                if position in taken[key]:
                    raise self._duplicate_position_error(key, position)
                taken[key][position] = form
            elif position is not None:
                wishes.append((key, position, form))
            else:
                appended.append((key, form))
        # New rows, and rows moved to another parent, get the position they ask for when it is free.
        for key, position, form in wishes:
            if position in taken[key]:
                appended.append((key, form))
            else:
                taken[key][position] = form
        for key, form in appended:
            taken[key][max(taken[key], default=0) + 1] = form
        return {form: position for rows in taken.values() for position, form in rows.items()}

    def clean(self):
        # Every new row posts the same hidden "0" (the model default): that means "last", not a
        # duplicate position, so take it out before Django's uniqueness check sees it.
        field = self._order_field()
        for form in self.forms:
            if self._is_new(form) and not getattr(form, "cleaned_data", {}).get(field, True):
                form.cleaned_data[field] = None
        super().clean()
        if any(form.errors for form in self.forms):
            return
        self._positions = self._plan_positions()

    def _prepare_instances(self) -> None:
        """Hook: set anything the instances need before the save (a grandchild's parent)."""

    @transaction.atomic
    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        field = self._order_field()
        moving = []
        for form in self.initial_forms:
            planned = self._positions.get(form)
            if planned is None or planned != form.initial.get(field) or self._moves_parent(form):
                moving.append(form.instance.pk)  # deleted, renumbered or moved to another parent
        self._prepare_instances()
        for form, position in self._positions.items():
            setattr(form.instance, field, position)
        if moving:
            in_use = self.get_queryset().aggregate(top=Max(field))["top"] or 0
            above = max([in_use, *self._positions.values()]) + 1
            self.model._default_manager.filter(pk__in=moving).update(**{field: F(field) + above})
        return super().save(commit=True)


class PositionedInlineFormSet(PositionedFormSetMixin, CustomInlineFormSetMixin, BaseInlineFormSet):
    """The formset of a sortable inline whose (parent, position) is unique."""


class SortableSiblingsAdminMixin:
    """For a parent admin with a `GrandchildInline`: lets that inline's formset find its child formset.

    Each call gets its own registry, so the formsets of one request see only each other.
    """

    def get_formsets_with_inlines(self, request, obj=None):
        registry: dict = {}
        for formset_class, inline in super().get_formsets_with_inlines(request, obj):
            yield type(formset_class.__name__, (formset_class,), {"siblings": registry}), inline


class GrandchildForm(forms.ModelForm):
    # Filled in by GrandchildFormSet.add_fields: an existing child's pk, or "new-<form index>" for a
    # child added in the same submit.
    parent = forms.ChoiceField()


class GrandchildFormSet(PositionedFormSetMixin, CustomInlineFormSetMixin, BaseModelFormSet):
    """Rows two levels down (lessons of a course) with their parent picked among the page's child rows."""

    child_field: str  # FK from the row to its parent child, e.g. "module"
    child_parent_field: str  # FK from the child to the page's object, e.g. "course"
    parent_model = None

    def __init__(self, data=None, files=None, instance=None, save_as_new=False, prefix=None, queryset=None, **kw):
        self.instance = instance if instance is not None else self.parent_model()
        lookup = f"{self.child_field}__{self.child_parent_field}"
        rows = queryset.filter(**{lookup: self.instance}) if self.instance.pk else queryset.none()
        super().__init__(data=data, files=files, prefix=prefix, queryset=rows.select_related(self.child_field), **kw)

    @classmethod
    def get_default_prefix(cls):
        return cls.model._meta.get_field(cls.child_field).remote_field.related_name

    @property
    def child_model(self):
        return self.model._meta.get_field(self.child_field).related_model

    @property
    def child_formset(self):
        return (self.siblings or {}).get(self.child_model)

    @cached_property
    def existing_children(self) -> dict:
        """{pk: (child, its form or None)} in page order."""
        if self.child_formset is not None:
            return {form.instance.pk: (form.instance, form) for form in self.child_formset.initial_forms}
        if not self.instance.pk:
            return {}
        rows = self.child_model._default_manager.filter(**{self.child_parent_field: self.instance})
        return {child.pk: (child, None) for child in rows}

    def _new_child_indexes(self) -> range:
        if self.child_formset is None:
            return range(0)
        start = self.child_formset.initial_form_count()
        return range(start, start + self.new_child_slots)

    def _child_label(self, key) -> str:
        kind, value = key
        if kind == "new":
            return f"new {self.child_model._meta.verbose_name} #{value + 1}"
        return f"“{self.existing_children[value][0]}”"

    def add_fields(self, form, index):
        super().add_fields(form, index)
        verbose = self.child_model._meta.verbose_name
        existing = [(str(pk), str(child)) for pk, (child, _form) in self.existing_children.items()]
        # "#n" is the label Django's stacked inline gives the n-th row before it is saved.
        new = [(f"new-{i}", f"New {verbose} #{i + 1}") for i in self._new_child_indexes()]
        field = form.fields["parent"]
        field.label = verbose.capitalize()
        field.choices = [("", "---------"), *existing, *new]
        if not form.instance._state.adding:
            form.initial["parent"] = str(getattr(form.instance, f"{self.child_field}_id"))

    def _reference(self, form):
        """("pk", id) or ("new", form index) of the row's parent; raise ValidationError if it cannot be."""
        value = form.cleaned_data["parent"]
        verbose = self.child_model._meta.verbose_name
        if value.startswith("new-"):
            index = int(value.removeprefix("new-"))
            child_formset = self.child_formset
            if index >= child_formset.total_form_count():
                raise ValidationError(f"There is no new {verbose} #{index + 1} on this page.")
            child_form = child_formset.forms[index]
            if not child_form.has_changed():
                raise ValidationError(f"New {verbose} #{index + 1} is empty: fill it in or pick another {verbose}.")
            if self._child_is_deleted(child_form):
                raise ValidationError(f"New {verbose} #{index + 1} is being removed.")
            return ("new", index)
        child, child_form = self.existing_children[int(value)]
        if child_form is not None and self._child_is_deleted(child_form):
            raise ValidationError(f"“{child}” is being deleted: pick another {verbose} or keep it.")
        return ("pk", child.pk)

    def _kept_forms(self) -> list:
        return [form for form in super()._kept_forms() if not self._goes_with_its_parent(form)]

    def _goes_with_its_parent(self, form) -> bool:
        """An untouched row whose parent is being deleted: the database deletes it with the parent."""
        if self._is_new(form) or form.has_changed() or self.child_formset is None:
            return False
        _child, child_form = self.existing_children.get(getattr(form.instance, f"{self.child_field}_id"), (0, None))
        return child_form is not None and self._child_is_deleted(child_form)

    def _child_is_deleted(self, child_form) -> bool:
        formset = self.child_formset
        return bool(formset.can_delete and child_form.is_valid() and formset._should_delete_form(child_form))

    def _parent_key(self, form):
        return self._references[form]

    def _moves_parent(self, form) -> bool:
        if self._is_new(form) or form not in self._references:
            return False
        return self._references[form] != ("pk", getattr(form.instance, f"{self.child_field}_id"))

    def _duplicate_position_error(self, key, position) -> ValidationError:
        rows = self.model._meta.verbose_name_plural
        return ValidationError(
            f"Two {rows} of {self._child_label(key)} have the same position. Drag them into order and save again.",
            code="duplicate_position",
        )

    def _kept_children(self) -> list:
        """(key, child form) for every child that exists after the save."""
        formset = self.child_formset
        if formset is None:
            return [(("pk", pk), form) for pk, (_child, form) in self.existing_children.items()]
        kept = []
        for index, form in enumerate(formset.forms):
            adding = index >= formset.initial_form_count()
            if (adding and not form.has_changed()) or self._child_is_deleted(form):
                continue
            kept.append((("new", index) if adding else ("pk", form.instance.pk), form))
        return kept

    def clean_children(self, children: list, rows: dict) -> None:
        """Hook: validate each kept child's rows together. `rows` maps a child's key to its row forms."""

    def clean(self):
        if any(form.errors for form in self.forms):
            return
        self._references = {}
        for form in self._kept_forms():
            try:
                self._references[form] = self._reference(form)
            except ValidationError as error:
                form.add_error("parent", error)
        if any(form.errors for form in self.forms):
            return
        if self.child_formset is not None and not self.child_formset.is_valid():
            return  # the child rows show their own errors; cross-checks would only add noise
        super().clean()
        rows = defaultdict(list)
        for form, key in self._references.items():
            rows[key].append(form)
        self.clean_children(self._kept_children(), rows)

    def _prepare_instances(self) -> None:
        children = self.existing_children
        for form, (kind, value) in self._references.items():
            # A new child was saved just before: its inline comes first.
            child = self.child_formset.forms[value].instance if kind == "new" else children[value][0]
            setattr(form.instance, self.child_field, child)


class GrandchildInlineChecks(InlineModelAdminChecks):
    # A grandchild has no foreign key to the page's model; it is reached through `child_field`.
    def _check_relation(self, obj, parent_model):
        return []

    def _check_exclude_of_parent_model(self, obj, parent_model):
        return []


class GrandchildInline(FieldBoundsMixin, SortableInlineAdminMixin, admin.TabularInline):
    """A sortable table of grandchildren on the grandparent's page: a course's lessons, a quiz's choices.

    Django has no nested inlines. Here every row has a "parent" select listing the page's child rows:
    the saved ones by name and the ones being added in this submit as "New module #3", the label
    Django's stacked inline shows on unsaved rows. The child inline must come before this one in
    `inlines` (it is saved first) and the parent admin needs `SortableSiblingsAdminMixin`.
    """

    template = SortableTabularInline.template
    form = GrandchildForm
    formset = GrandchildFormSet
    checks_class = GrandchildInlineChecks
    child_field: str
    new_child_slots = 10  # how many unsaved child rows a grandchild can point at in one submit

    ordering = ("position",)  # adminsortable2 takes the order field from here
    child_order_field = "position"

    def get_ordering(self, request):
        # The table lists the rows child by child, in the children's order.
        return (f"{self.child_field}__{self.child_order_field}", self.default_order_field)

    def get_formset(self, request, obj=None, **kwargs):
        fields = kwargs.pop("fields", None) or flatten_fieldsets(self.get_fieldsets(request, obj))
        readonly = set(self.get_readonly_fields(request, obj))
        can_change = self.has_change_permission(request, obj)
        can_add = self.has_add_permission(request, obj)

        class Form(self.form):
            def has_changed(self):
                # Same guard as Django's inline forms: no edits without the permission for them.
                if self.instance._state.adding:
                    return can_add and super().has_changed()
                return can_change and super().has_changed()

        child = self.model._meta.get_field(self.child_field).related_model
        formset = modelformset_factory(
            self.model,
            form=Form,
            formset=self.formset,
            fields=[name for name in fields if name not in readonly],
            exclude=[self.child_field],
            formfield_callback=partial(self.formfield_for_dbfield, request=request),
            extra=self.get_extra(request, obj),
            min_num=self.get_min_num(request, obj),
            max_num=self.get_max_num(request, obj),
            can_delete=self.can_delete and self.has_delete_permission(request, obj),
        )
        attrs = {
            "parent_model": self.parent_model,
            "child_field": self.child_field,
            "child_parent_field": next(
                f.name for f in child._meta.fields if f.is_relation and f.related_model is self.parent_model
            ),
            "new_child_slots": self.new_child_slots,
        }
        return type(f"{self.model.__name__}GrandchildFormSet", (formset,), attrs)

    def get_queryset(self, request):
        return super().get_queryset(request).select_related(self.child_field)
