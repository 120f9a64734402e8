"""What a teacher can ask the room: every lesson's check-yourself question (lessons/<stem>.toml) and the lessons'
numeric predictions. A class stores only a question's lesson and id; its words are read back from here."""

from dataclasses import dataclass

from ui.lesson import read_lesson
from ui.navigation import built


@dataclass(frozen=True)
class Askable:
    lesson: str
    id: str
    prompt: str
    choices: tuple[str, ...] = ()  # empty for a numeric prediction
    answer: int | None = None
    explanation: str = ""
    low: float = 0.0                # a numeric prediction's range, and its unit
    high: float = 100.0
    unit: str = ""

    @property
    def kind(self) -> str:
        return "choice" if self.choices else "number"


# The numeric predictions the lessons ask (ui.prediction.numeric_guess on their pages), as the room is asked them.
NUMBERS = (
    Askable("pca", "kept", "What share of the variance do the k components keep?", unit=" %"),
    Askable("linear_autoencoder", "settle", "Where will the loss J/N settle?", high=100.0),
    Askable("linear_autoencoder", "plateaus", "How many plateaus before the loss settles?", high=10.0),
    Askable("nonlinear", "loss", "The network's final loss, as a % of PCA's optimum?", high=200.0, unit=" %"),
    Askable("use_the_code", "two", "The classifier's test accuracy on codes of just 2 numbers?", unit=" %"),
)


def askable(lesson: str) -> list[Askable]:
    """The lesson's questions, then its numeric predictions."""
    lessons = read_lesson(lesson)
    return ([Askable(lesson, q.id, q.prompt, q.choices, q.answer, q.explanation) for q in lessons.questions]
            + [n for n in NUMBERS if n.lesson == lesson])


def lessons_with_questions() -> list[tuple[str, str]]:
    """``(stem, title)`` of every built page that has something to ask, in the navigation's order."""
    return [(p.stem, p.title) for p in built() if askable(p.stem)]


def find(lesson: str, qid: str, kind: str) -> Askable | None:
    """The question a class asked (``lesson``, ``qid`` and ``kind`` as stored), or None if this app has none such."""
    if lesson not in {p.stem for p in built()}:
        return None
    return next((a for a in askable(lesson) if a.id == qid and a.kind == kind), None)
