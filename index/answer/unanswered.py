"""What readers asked in vain: the questions that got "nothing found", grouped by similarity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

UNANSWERED_GROUP_COSINE = 0.60
"""A question joins the first group whose first question's vector has at least this cosine with its own (greedy).
bench/unanswered_groups.py on tests/data/unanswered-questions.json (33 questions, 12 groups, German and English):
questions that ask the same thing had cosines 0.52-0.95 (median 0.83), different ones at most 0.59; at 0.60 the pair
precision is 1.000 and the pair recall 0.935 (0.55-0.60 is the plateau; 0.65 and up splits groups)."""


@dataclass(frozen=True, slots=True)
class QuestionGroup:
    """Similar questions that got "nothing found": how many, and the first one asked as the example."""

    count: int
    example: str
    questions: tuple[str, ...]


def group_questions(
    questions: Sequence[str], vectors: np.ndarray, *, min_cosine: float = UNANSWERED_GROUP_COSINE
) -> list[QuestionGroup]:
    """``questions`` (with their normalised query ``vectors``, row for row) in groups, the largest first: each
    joins the first group whose first question has a cosine of at least ``min_cosine`` with it."""
    heads: list[int] = []
    members: list[list[int]] = []
    for i, vector in enumerate(vectors):
        for number, head in enumerate(heads):
            if float(vectors[head] @ vector) >= min_cosine:
                members[number].append(i)
                break
        else:
            heads.append(i)
            members.append([i])
    groups = [QuestionGroup(len(ids), questions[ids[0]], tuple(questions[i] for i in ids)) for ids in members]
    return sorted(groups, key=lambda group: group.count, reverse=True)
