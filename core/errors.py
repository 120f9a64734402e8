"""The two errors a learner can meet, each carrying a message written for them."""


class TrainingDiverged(ArithmeticError):
    """The loss became non-finite or exploded.

    The message says what to change (for example "lower the learning rate to 0.001").
    The model that raised it keeps its last finite parameters and stays usable.
    """


class DataError(ValueError):
    """A dataset (usually a learner's own CSV file) cannot be used.

    The message says, in plain language, what is wrong and how to fix it.
    """
