r"""A scikit-learn autoencoder in NumPy: the network's target output is its input.

``x -> z = f(W x) -> y = g(V z)`` (deeper: the decoder mirrors the encoder). Trained by gradient descent
from a random initialisation on the loss :math:`\frac1N\sum_n \lVert y_n - x_n\rVert^2` (+ L2), whose linear
minimum is PCA's. The maths is in `core.network`; this file is the estimator around it.
"""

from __future__ import annotations

import numbers
import time

import numpy as np
from sklearn.base import BaseEstimator, ClassNamePrefixFeaturesOutMixin, TransformerMixin
from sklearn.utils.validation import check_array, check_is_fitted, validate_data

from core.errors import TrainingDiverged
from core.metrics import mean_squared_norm, mse
from core.network import BackpropTrace, Network, single_threaded_blas
from core.optimizers import OPTIMIZERS
from core.params import LIVE_PARAMS, check_param, layers_as_tuple, validate_params

# A loss above this multiple of the data's scale has exploded (see `_diverged`).
EXPLOSION_FACTOR = 1e4
# What a learner is told to try after a divergence, at most (a rate that works for every optimiser here).
SAFE_LEARNING_RATE = 0.01
# Data whose mean squared norm is above this is in units no learning rate suits: the advice is to standardise it.
HUGE_DATA = 1e8
_STRUCTURE = ("hidden_layer_sizes", "activation", "output_activation", "tied_weights")
_VIEWS = ("coefs_", "intercepts_", "_p", "_net")


class Autoencoder(ClassNamePrefixFeaturesOutMixin, TransformerMixin, BaseEstimator):
    """Autoencoder with a mirrored decoder, as a scikit-learn transformer.

    Parameters
    ----------
    hidden_layer_sizes : tuple of int, default=(2,)
        Encoder widths; the last is the code. ``(2,)`` is D-2-D, ``(32, 2)`` is D-32-2-32-D.
    activation : str, default="identity"
        f on every hidden layer, the code included (a name in ``core.activations.ACTIVATIONS``).
    output_activation : str, default="identity"
        g on the output layer.
    optimizer : {"sgd", "momentum", "adam"}, default="adam"
    learning_rate : float, default=0.01
    batch_size : int or None, default=None
        Samples per step; None = full batch. Mini-batches are reshuffled every epoch.
    max_epochs : int, default=200
        Epochs that `fit` runs (0 only initialises the weights).
    l2 : float, default=0.0
        The loss adds ``l2 * sum ||W||_F^2`` over the weight matrices (a tied matrix counts once; no biases).
    dropout : float, default=0.0
        Probability of zeroing each hidden unit (code included) at each training step; inverted scaling.
    noise : float, default=0.0
        Std of Gaussian noise added to the training input; the target stays clean (denoising).
    tied_weights : bool, default=False
        Decoder weights are the encoder's transposed.
    random_state : int or None, default=None
        Seeds initialisation, shuffling, dropout and noise: same seed and settings give the same run.

    Attributes
    ----------
    coefs_ : list of ndarray, ``coefs_[l]`` is (n_l, n_{l+1}), encoder first, then decoder.
        Views into one flat parameter vector: write into them in place (``coefs_[l][...] = W``), don't rebind.
    intercepts_ : list of ndarray, ``intercepts_[l]`` is (n_{l+1},).
    loss_curve_ : list of float, the full-data loss (data term) after each epoch.
    val_loss_curve_ : list of float, same length; NaN for epochs trained without validation data.
    n_epochs_ : int, epochs trained so far (``len(loss_curve_)``).
    n_features_in_ : int.

    Notes
    -----
    The parameters marked ``live`` in ``core.params.PARAMS`` (learning rate, l2, dropout, noise, batch size) may
    be changed with ``set_params`` while a `fit_iter` generator is paused; they take effect at its next batch
    (batch size: next epoch). Changing the architecture needs a fresh start (``warm_start=False``).
    """

    def __init__(
        self,
        hidden_layer_sizes=(2,),
        activation="identity",
        output_activation="identity",
        optimizer="adam",
        learning_rate=0.01,
        batch_size=None,
        max_epochs=200,
        l2=0.0,
        dropout=0.0,
        noise=0.0,
        tied_weights=False,
        random_state=None,
    ):
        self.hidden_layer_sizes = hidden_layer_sizes
        self.activation = activation
        self.output_activation = output_activation
        self.optimizer = optimizer
        self.learning_rate = learning_rate
        self.batch_size = batch_size
        self.max_epochs = max_epochs
        self.l2 = l2
        self.dropout = dropout
        self.noise = noise
        self.tied_weights = tied_weights
        self.random_state = random_state

    # ------------------------------------------------------------------ training
    def fit(self, X, y=None):
        """Train for ``max_epochs`` epochs from a fresh random initialisation; return self.

        ``y``: None or X (the target is X), a 2-D array of X's shape (the target, e.g. ``fit(noisy, clean)``),
        or 1-D labels (ignored, so the estimator works in a Pipeline). Anything else is a ValueError.
        """
        for _ in self.fit_iter(X, y=y):
            pass
        return self

    def partial_fit(self, X, y=None):
        """Train one epoch, continuing from the current parameters (initialising them if unfitted)."""
        for _ in self.fit_iter(X, epochs=1, y=y, warm_start=True):
            pass
        return self

    def fit_iter(self, X, epochs=None, X_val=None, *, warm_start=False, y=None, y_val=None):
        """Train epoch by epoch: return a generator that yields one record per epoch.

        Record: ``{"epoch": int, "loss": float, "val_loss": float | None, "seconds": float}``. ``epoch`` counts
        every epoch this model has trained (1-based); ``loss`` is the full-data data term
        ``(1/N) sum_n ||y_n - t_n||^2`` after the epoch; ``val_loss`` the same on ``X_val`` (target ``y_val`` or
        ``X_val``); ``seconds`` the wall time of the epoch, loss evaluation included.

        Parameters and data are checked, and the model (re)initialised, when this is *called*, not at the first
        ``next``. ``epochs=None`` means ``max_epochs``. With ``warm_start=True`` on a fitted model, training
        continues from its parameters, optimiser state, epoch count and curves; otherwise it starts afresh.
        A generator stops early if the model is re-initialised by another ``fit`` / ``fit_iter`` meanwhile.

        Cost of ``loss``: after each epoch one forward pass over all of X, in a few large matrix products.
        With full batch and no dropout/noise that pass is also the next epoch's forward pass (reused, so the
        loss is free); with mini-batches it costs about one forward pass per epoch (roughly a tenth to a third
        of an epoch of small-batch steps), for an exact loss rather than a running average over a moving model.

        Raises
        ------
        TrainingDiverged
            From ``next`` when the loss turns non-finite or explodes. The parameters, optimiser state and
            curves are rolled back to the end of the last good epoch; the model stays usable and
            ``fit_iter(..., warm_start=True)`` continues after lowering the learning rate.
        ValueError
            Invalid parameters or data (at call time).
        """
        steps = self.fit_steps(X, epochs, X_val, warm_start=warm_start, y=y, y_val=y_val)
        return (record for record in steps if record is not None)

    def fit_steps(self, X, epochs=None, X_val=None, *, warm_start=False, y=None, y_val=None):
        """`fit_iter`, one gradient step at a time: the generator yields ``None`` after every step, and after each
        epoch's last step (and its loss evaluation) the epoch's record.

        So a caller can stop between two steps of a long epoch and come back with ``next``; the epoch then goes on
        where it was. Abandoning the generator mid-epoch leaves the parameters between two steps of that epoch.
        Arguments, checks and errors are those of `fit_iter`.
        """
        validate_params(self.get_params())
        if epochs is None:
            epochs = self.max_epochs
        elif isinstance(epochs, bool) or not isinstance(epochs, numbers.Integral) or epochs < 0:
            raise ValueError(f"epochs must be None or an integer >= 0, got {epochs!r}")
        warm = warm_start and hasattr(self, "coefs_")
        X = validate_data(self, X, reset=not warm, dtype=np.float64, order="C")
        T = self._target(X, y)
        if X_val is not None:
            X_val = validate_data(self, X_val, reset=False, dtype=np.float64, order="C")
            y_val = self._target(X_val, y_val)
        if warm:
            self._check_structure()
            if self.optimizer != self._optimizer_name:
                self._optimizer_name = self.optimizer
                self._opt = OPTIMIZERS[self.optimizer]([self._params], learning_rate=self.learning_rate)
        else:
            self._initialize(X.shape[1])
        return self._train(X, T, epochs, X_val, y_val)

    def _train(self, X, T, epochs, X_val, T_val):
        token = self._token
        reference = max(mean_squared_norm(T), 1.0)
        if self.loss_curve_:
            reference = max(reference, self.loss_curve_[0])
        cache = None  # (parameter version, forward pass on X, its residual) at the current parameters
        for _ in range(epochs):
            if self._token != token:
                return  # the model was re-initialised elsewhere: this run is over
            for name in LIVE_PARAMS:
                check_param(name, getattr(self, name))
            start = time.perf_counter()
            saved = self._params.copy(), self._opt.get_state()
            for _ in self._epoch_steps(X, T, cache):
                yield None
                if self._token != token:
                    return
            val_loss = None
            with np.errstate(all="ignore"), single_threaded_blas():
                fwd = self._net.forward_train(self.coefs_, self.intercepts_, X)
                residual = self._net.residual(fwd, T)
                loss = mean_squared_norm(residual)
                if X_val is not None:
                    val_loss = mse(self._net.forward(self.coefs_, self.intercepts_, X_val), T_val)
            # With full batch and no dropout or noise, this pass is also the next epoch's forward pass.
            cache = (self._version, fwd, residual)
            if not np.isfinite(loss) or loss > EXPLOSION_FACTOR * reference:
                self._params[...] = saved[0]
                self._opt.set_state(saved[1])
                self._version += 1  # new parameters: any cached forward pass is stale
                raise self._diverged(loss, reference)
            self.loss_curve_.append(loss)
            self.val_loss_curve_.append(np.nan if val_loss is None else val_loss)
            self.n_epochs_ += 1
            yield {"epoch": self.n_epochs_, "loss": loss, "val_loss": val_loss, "seconds": time.perf_counter() - start}

    def _epoch_steps(self, X, T, cache):
        """One epoch of gradient steps, a generator that yields after each (mini-batches reshuffled each epoch)."""
        n = X.shape[0]
        batch = n if self.batch_size is None else min(self.batch_size, n)
        if batch == n:
            reuse = cache is not None and cache[0] == self._version and self.dropout == 0 and self.noise == 0
            self._step(X, T, *(cache[1:] if reuse else (None, None)))
            yield
            return
        order = self._rng.permutation(n)
        Xs = X[order]
        Ts = Xs if T is X else T[order]
        for start in range(0, n, batch):
            self._step(Xs[start : start + batch], Ts[start : start + batch], None, None)
            yield

    def _step(self, X, T, fwd, residual):
        """One gradient step on a batch (``fwd``, ``residual``: a forward pass of X at the current parameters
        and its ``output - T``, or None)."""
        with np.errstate(all="ignore"), single_threaded_blas():
            if fwd is None:
                if self.noise > 0:
                    X = X + self.noise * self._rng.standard_normal(X.shape)
                fwd = self._net.forward_train(self.coefs_, self.intercepts_, X, self.dropout, self._rng)
                residual = self._net.residual(fwd, T)
            self._net.backward(self._p, fwd, residual, self.l2)
            self._opt.learning_rate = self.learning_rate  # read afresh at every step: a slider may have moved
            self._opt.update_params([self._params], [self._p.grad])
        self._version += 1

    def _diverged(self, loss, scale):
        """The error to raise, with advice and ``epoch`` / ``loss`` / ``suggested_learning_rate`` attached.

        ``scale`` is the data's mean squared norm: data in huge units overflows whatever the learning rate.
        """
        lr = self.learning_rate
        suggestion = float(f"{min(lr / 10, SAFE_LEARNING_RATE):.1g}")
        what = f"became {loss}" if not np.isfinite(loss) else f"exploded to {loss:.3g}"
        epoch = self.n_epochs_ + 1
        if scale > HUGE_DATA:
            advice = (f"the data's values are huge (their mean squared norm is {scale:.3g}): standardise the data "
                      "(every feature to mean 0 and standard deviation 1) and train again")
        else:
            advice = f"lower the learning rate to {suggestion:g} (it is {lr:g}) and continue"
        exc = TrainingDiverged(
            f"Training diverged at epoch {epoch}: the loss {what}; {advice}; the model keeps its parameters from "
            f"epoch {epoch - 1}."
        )
        exc.epoch, exc.loss, exc.suggested_learning_rate = epoch, loss, suggestion
        return exc

    def _initialize(self, n_features):
        self._config = {name: getattr(self, name) for name in _STRUCTURE}
        self._config["hidden_layer_sizes"] = layers_as_tuple(self.hidden_layer_sizes)
        self._config["n_features"] = n_features
        self._rng = np.random.default_rng(self.random_state)
        self._token = object()
        self._build_views(None)
        self._optimizer_name = self.optimizer
        self._opt = OPTIMIZERS[self.optimizer]([self._params], learning_rate=self.learning_rate)
        self._version = 0
        self.loss_curve_, self.val_loss_curve_, self.n_epochs_ = [], [], 0

    def _build_views(self, params):
        c = self._config
        self._net = Network(
            c["n_features"], c["hidden_layer_sizes"], c["activation"], c["output_activation"], c["tied_weights"]
        )
        self._params = self._net.init_params(self._rng) if params is None else params
        self._p = self._net.parameters(self._params)
        self.coefs_, self.intercepts_ = self._p.coefs, self._p.intercepts

    def _check_structure(self):
        for name in _STRUCTURE:
            now = getattr(self, name)
            if name == "hidden_layer_sizes":
                now = layers_as_tuple(now)
            if now != self._config[name]:
                raise ValueError(
                    f"{name} changed from {self._config[name]!r} to {now!r} since the model was initialised; "
                    "start again with warm_start=False (or fit) to train the new architecture"
                )

    def _target(self, X, y):
        """The training target for X: X itself, or a 2-D y of X's shape (1-D labels are ignored)."""
        if y is None or y is X:
            return X
        if not hasattr(y, "shape") or getattr(y, "ndim", None) is None:
            y = np.asarray(y, dtype=object)
        if y.ndim == 1:
            return X
        if y.ndim == 2 and y.shape == X.shape:
            return check_array(y, dtype=np.float64, order="C", input_name="y")
        raise ValueError(
            f"y must be None, 1-D labels (ignored) or a 2-D target with the shape of X {X.shape}; got shape {y.shape}"
        )

    # --------------------------------------------------------------- inference
    def _checked(self, X):
        check_is_fitted(self)
        return validate_data(self, X, reset=False, dtype=np.float64)

    def transform(self, X):
        """Encode: the code ``z`` of each row, (n, hidden_layer_sizes[-1])."""
        X = self._checked(X)
        return self._net.forward(self.coefs_, self.intercepts_, X, stop=self._net.n_encoder)

    def inverse_transform(self, X):
        """Decode: codes (n, code size) -> reconstructions (n, n_features_in_)."""
        check_is_fitted(self)
        Z = check_array(X, dtype=np.float64, input_name="X")
        if Z.shape[1] != self._n_features_out:
            raise ValueError(f"X has {Z.shape[1]} columns, but the code of this Autoencoder has {self._n_features_out}")
        return self._net.forward(self.coefs_, self.intercepts_, Z, start=self._net.n_encoder)

    def predict(self, X):
        """Reconstruct: decode(encode(X)), (n, n_features_in_)."""
        X = self._checked(X)
        return self._net.forward(self.coefs_, self.intercepts_, X)

    def score(self, X, y=None):
        """Minus the reconstruction loss ``(1/N) sum_n ||y_n - t_n||^2`` (data term only; higher is better)."""
        X = self._checked(X)
        return -mse(self._net.forward(self.coefs_, self.intercepts_, X), self._target(X, y))

    def loss_and_gradients(self, X, y=None):
        """Loss (data term + L2 term) and its exact gradients at the current parameters, without training.

        Deterministic: no dropout, no noise. Returns ``(loss, {"coefs": [...], "intercepts": [...]})`` with
        arrays shaped like ``coefs_`` / ``intercepts_`` (copies). With tied weights the gradient of a shared
        matrix is the total one, shown on the encoder entry and, transposed, on the decoder entry, exactly what
        a finite difference on either entry measures.
        """
        t = self.backprop_trace(X, y)
        return t.loss, {"coefs": t.grad_coefs, "intercepts": t.grad_intercepts}

    def backprop_trace(self, X, y=None) -> BackpropTrace:
        """One forward and backward pass at the current parameters, every intermediate kept (copies): what
        `loss_and_gradients` computes, shown step by step. Deterministic (no dropout, no noise); nothing is
        trained. Rows are samples, so each array is the lessons' column-vector one transposed (see
        ``core.network``): ``pre_activations[l]`` is a_l (n, n_{l+1}), ``outputs[l]`` is f(a_l), ``deltas[l]``
        is dL/da_l, and the gradients are shaped like ``coefs_`` / ``intercepts_``.
        """
        X = self._checked(X)
        T = self._target(X, y)
        p = self._net.parameters(self._params)  # a gradient of its own: training's stays untouched
        fwd = self._net.forward_train(self.coefs_, self.intercepts_, X, keep_pre=True)
        outputs = [h.copy() for h in fwd.outputs]  # the residual is written over an identity output
        deltas = []
        loss = self._net.backward(p, fwd, self._net.residual(fwd, T), self.l2, deltas)
        return BackpropTrace(X.copy(), T.copy(), fwd.pre, outputs, deltas, loss,
                             [g.copy() for g in p.grad_coefs], [g.copy() for g in p.grad_intercepts])

    def optimizer_state(self) -> dict:
        """The optimiser's own state, its buffers shaped like the parameters: ``{"t": steps taken}`` plus, for
        momentum, ``"velocity"``, and for Adam ``"m"`` and ``"v"`` (the moment estimates), each a pair
        ``(coefs-like list, intercepts-like list)`` of copies."""
        names = {"velocities": "velocity", "ms": "m", "vs": "v"}
        state = self._opt.get_state()
        out = {"t": state["t"]}
        for key, name in names.items():
            if key in state:
                coefs, intercepts = self._net.views(state[key][0])
                out[name] = ([w.copy() for w in coefs], [b.copy() for b in intercepts])
        return out

    @property
    def _n_features_out(self):
        return self._config["hidden_layer_sizes"][-1]

    # ----------------------------------------------------------------- pickling
    def __getstate__(self):
        # Views would be pickled as independent copies and lose their link to the flat vector: rebuild instead.
        state = super().__getstate__()
        return {k: v for k, v in state.items() if k not in _VIEWS}

    def __setstate__(self, state):
        super().__setstate__(state)
        if "_params" in state:
            self._build_views(state["_params"])

