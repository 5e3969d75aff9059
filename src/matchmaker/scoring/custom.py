"""Custom components: the caller's own A×B scores, with a name and a weight.

A custom component is an array of shape (A, B) — rows side A, columns side B, in
``mission.ids("A")`` / ``mission.ids("B")`` order — or a callable that takes the
mission and returns one.  Values must be finite numbers in [0, 1].  It enters the
total like a built-in component: ``weight · value``, after normalising all weights.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import ArrayLike, NDArray

from matchmaker.errors import Problem, ValidationError
from matchmaker.model.mission import Mission
from matchmaker.scoring.components import DERIVED_NAMES, component_names

__all__ = ["RESERVED_NAMES", "CustomComponent", "resolve_custom"]

#: Names a custom component may not take (besides registered components' names).
RESERVED_NAMES = (*component_names(), *DERIVED_NAMES)


def _reserved() -> tuple[str, ...]:
    return (*component_names(), *DERIVED_NAMES)


@dataclass(frozen=True, eq=False)
class CustomComponent:
    """A component the caller supplies.

    Parameters
    ----------
    name : str
        Shown in explanations and used with ``Scores.component(name)``; not one of
        :data:`RESERVED_NAMES`.
    values : array_like of shape (A, B), or callable(mission) -> array_like
        Scores in [0, 1]; rows side A, columns side B.  The caller's array is copied,
        never changed.
    weight : float
        Non-negative; normalised together with the built-in weights.

    Examples
    --------
    >>> import numpy as np
    >>> from matchmaker.datasets import synthetic_mission
    >>> m = synthetic_mission(2, 3, seed=0)
    >>> c = CustomComponent("same-language", lambda mission: np.ones((2, 3)), weight=0.1)
    >>> resolve_custom([c], m)[0].shape
    (2, 3)
    >>> try:
    ...     resolve_custom([CustomComponent("bad", np.full((3, 2), np.nan), 1.0)], m)
    ... except ValidationError as exc:
    ...     print(exc.problems[0].message[:84] + " ...")
    custom component 'bad' has shape (3, 2); expected (2, 3): one row per side-A ...
    """

    name: str
    values: Callable[[Mission], ArrayLike] | ArrayLike
    weight: float


def _check_values(c: CustomComponent, arr: NDArray[Any], mission: Mission) -> list[Problem]:
    ids_a, ids_b = mission.ids("A"), mission.ids("B")
    where = f"custom component {c.name!r}"

    def problem(
        message: str, kind: str, at: tuple[int, int] | None = None, hint: str | None = None
    ) -> Problem:
        who = (ids_a[at[0]], ids_b[at[1]]) if at is not None else ()
        return Problem(f"{where} {message}", kind=kind, field=c.name, participants=who, hint=hint)

    if arr.dtype.kind not in "biuf":
        return [problem(f"must hold numbers, got dtype {arr.dtype}", "type")]
    if arr.shape != (len(ids_a), len(ids_b)):
        return [
            problem(
                f"has shape {arr.shape}; expected {(len(ids_a), len(ids_b))}: one row per side-A participant "
                "(mission.ids('A')), one column per side-B participant (mission.ids('B'))",
                "shape",
            )
        ]
    values = arr.astype(np.float64)
    finite = np.isfinite(values)
    checks = [
        (~finite, "NaN or infinite value(s)", "not-finite", "give every pair a finite score in [0, 1]"),
        (
            finite & ((values < 0) | (values > 1)),
            f"value(s) outside [0, 1] (min {values.min():g}, max {values.max():g})",
            "out-of-range",
            "rescale it to [0, 1], e.g. (x - x.min()) / (x.max() - x.min())",
        ),
    ]
    for bad, what, kind, hint in checks:
        if bad.any():
            row, col = (int(x) for x in np.argwhere(bad)[0])
            return [
                problem(
                    f"has {int(bad.sum())} {what}, the first at row {row}, column {col}",
                    kind,
                    (row, col),
                    hint,
                )
            ]
    return []


def resolve_custom(
    components: Sequence[CustomComponent], mission: Mission
) -> tuple[NDArray[np.float64], ...]:
    """Evaluate and check the custom components; read-only float64 copies, in order.

    Raises
    ------
    ValidationError
        Listing every problem: a bad or duplicate name, a callable that does not return
        an array, wrong dtype or shape, NaN/inf, values outside [0, 1].
    """
    problems: list[Problem] = []
    out: list[NDArray[np.float64]] = []
    seen: set[str] = set()
    for c in components:
        if not isinstance(c, CustomComponent):
            problems.append(  # type: ignore[unreachable]
                Problem(
                    f"custom components must be CustomComponent, got {type(c).__name__}",
                    kind="type",
                    field="custom",
                    hint="write CustomComponent(name, values, weight)",
                )
            )
            continue
        if not isinstance(c.name, str) or not c.name.strip() or c.name in _reserved() or c.name in seen:
            problems.append(
                Problem(
                    f"custom component name {c.name!r} is empty, reserved or used twice",
                    kind="invalid-name",
                    field="custom",
                    hint=f"pick a new name (reserved: {', '.join(_reserved())})",
                )
            )
            continue
        seen.add(c.name)
        raw = c.values(mission) if callable(c.values) else c.values
        try:
            arr = np.asarray(raw)
        except (TypeError, ValueError) as exc:
            problems.append(
                Problem(f"custom component {c.name!r} is not an array: {exc}", kind="type", field=c.name)
            )
            continue
        found = _check_values(c, arr, mission)
        problems += found
        if not found:
            values = np.array(arr, dtype=np.float64)  # a copy: the caller's array stays theirs
            values.setflags(write=False)
            out.append(values)
    if problems:
        raise ValidationError(problems)
    return tuple(out)
