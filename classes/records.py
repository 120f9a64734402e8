"""What class mode hands back: plain frozen records, and the two functions that build them from rows."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Limits:
    classes: int = 50        # live classes in the database (every server sharing it)
    learners: int = 100      # learners in one class
    questions: int = 100     # questions asked in one class
    hours: float = 12.0      # a class's lifetime: its code stops working after it
    choices: int = 10        # answers of a multiple-choice question
    bins: int = 50           # bars of a numeric question's histogram


@dataclass(frozen=True)
class Started:
    class_id: int
    code: str
    teacher_key: str  # shown once, in the teacher's link; only its hash is stored
    expires_at: float


@dataclass(frozen=True)
class Joined:
    class_id: int
    code: str

    @property
    def banner(self) -> str:
        return f"Class {self.code}"


@dataclass(frozen=True)
class Question:
    id: int
    lesson: str
    question: str       # the question's id in lessons/<lesson>.toml, or a numeric prediction's name
    kind: str           # "choice" or "number"
    n_choices: int | None
    low: float | None
    high: float | None
    bins: int | None
    state: str          # "open", "closed" or "revealed"


@dataclass(frozen=True)
class Counts:
    question: Question
    counts: tuple[int, ...]           # votes per answer (choice) or per histogram bin (number)
    edges: tuple[float, ...] | None   # number: the bins' len(counts) + 1 edges from low to high
    joined: int                       # learners in the class

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True)
class Follow:
    page: str
    settings: dict


def question_of(row) -> Question:
    def number(x):  # SQLite's RETURNING may give a whole-valued REAL back as an int
        return None if x is None else float(x)

    return Question(row.id, row.lesson, row.question, row.kind, row.n_choices, number(row.low), number(row.high),
                    row.bins, row.state)


def histogram(values: list[float], low: float, high: float, bins: int) -> tuple[tuple[int, ...], tuple[float, ...]]:
    """Counts in ``bins`` equal bins over [low, high], the last one closed (high falls in it)."""
    counts = [0] * bins
    for v in values:
        counts[min(int((v - low) / (high - low) * bins), bins - 1)] += 1
    return tuple(counts), tuple(low + (high - low) * i / bins for i in range(bins + 1))
