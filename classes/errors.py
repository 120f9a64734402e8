"""What can go wrong in class mode, each with a message the UI shows as it is (learner-facing, no input echoed)."""


class ClassError(Exception):
    """Base of every class-mode refusal: ``str(error)`` is the message to show."""


class InvalidInput(ClassError, ValueError):
    """A code, key, id, number or setting that is malformed, too long or out of range."""


class UnknownClass(ClassError):
    """No class has this code (a typo, or a class that was ended)."""


class ClassExpired(ClassError):
    """The class is older than its lifetime: its code no longer works."""


class NotTeacher(ClassError):
    """A teacher action without the class's teacher key."""


class NotJoined(ClassError):
    """A vote from a session that has not joined the question's class."""


class VoteClosed(ClassError):
    """A vote on a question that the teacher closed, or that no longer exists."""


class LimitReached(ClassError):
    """Too many classes on the server, learners in a class, or questions in a class."""


class StorageUnavailable(ClassError):
    """The database is down, locked or unreachable: class mode pauses, the lessons work as usual."""

    def __init__(self, message: str = "Class mode cannot reach its database right now; try again in a moment. "
                                      "The lessons work as usual."):
        super().__init__(message)
