"""Simple inline formulas as plain text: ``$k$`` becomes *k*, ``$J^\\ast/N$`` *J*\\*/*N*, ``$u_1$`` *u*₁.

Streamlit draws every ``$...$`` with KaTeX as HTML and MathML, about a dozen DOM nodes for a one-letter symbol;
the lessons have hundreds of them, and the pages' weight is mostly such nodes (bench/README.md, page_load.py).
A formula made only of letters, digits, operators, Greek letters and sub- or superscripts that Unicode can spell
is written out instead: variables in italics, as KaTeX draws them. Anything else (fractions, sums, hats, norms,
a subscript Unicode has no letters for) stays KaTeX, as do display formulas and code.
"""

import re

INLINE = re.compile(r"(?<![\\$])\$(?![\s$])([^$\n]+?)(?<![\s\\])\$(?!\$)")
CODE = re.compile(r"(```[\s\S]*?```|`[^`\n]*`)")

GREEK = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε", "eta": "η",
    "theta": "θ", "lambda": "λ", "mu": "μ", "nu": "ν", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "phi": "φ", "varphi": "φ", "psi": "ψ", "omega": "ω", "ell": "ℓ", "Delta": "Δ", "Sigma": "Σ", "Lambda": "Λ",
}
RELATIONS = {  # drawn with a space on each side, as KaTeX spaces relations and binary operators
    "=": "=", "<": "<", ">": ">", "+": "+", "le": "≤", "leq": "≤", "ge": "≥", "geq": "≥", "ne": "≠",
    "neq": "≠", "approx": "≈", "to": "→", "mapsto": "↦", "leftarrow": "←", "in": "∈", "times": "×",
}
SYMBOLS = {"cdot": "·", "pm": "±", "dots": "…", "ldots": "…", "cdots": "⋯", "nabla": "∇", "infty": "∞",
           ",": "\u2009", ";": " ", "quad": "\u2003", "qquad": "\u2003\u2003", " ": " "}
SUB = dict(zip("0123456789+-=()aehijklmnoprstuvx", "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₕᵢⱼₖₗₘₙₒₚᵣₛₜᵤᵥₓ", strict=True))
SUP = dict(zip("0123456789+-=()nikDTj", "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵏᴰᵀʲ", strict=True))
SUP_COMMANDS = {"top": "ᵀ", "ast": "\\*", "prime": "′", "circ": "°"}
ACCENTS = {"hat": "\u0302", "tilde": "\u0303", "bar": "\u0304"}  # combining marks over the next letter
FUNCTIONS = {"tanh", "max", "min", "exp", "log", "sin", "cos"}
TOKEN = re.compile(r"\\mathbb\{R\}|\\text\{[A-Za-z ]+\}|\\(?:[A-Za-z]+|[,; |])"
                   r"|[A-Za-z]+|\d+(?:\.\d+)?|[_^]|\{|\}|\s+|.")


class NotPlain(Exception):
    """The formula needs KaTeX."""


def plain_inline_math(markdown: str) -> str:
    """``markdown`` with its simple inline formulas written out (code spans and blocks left alone)."""
    parts = CODE.split(markdown)
    return "".join(part if i % 2 else INLINE.sub(_plain_or_katex, part) for i, part in enumerate(parts))


def _plain_or_katex(match: re.Match) -> str:
    try:
        return to_plain(match.group(1))
    except NotPlain:
        return match.group(0)


def to_plain(formula: str) -> str:
    """One formula's plain text (Markdown); raises :class:`NotPlain` when it needs KaTeX."""
    tokens = _tokens(formula)
    out: list[str] = []
    operand = False  # the last thing written is a value (so a following - is a binary minus)
    spaced = False  # a function's name was written: its argument letter gets a thin space
    i = 0
    while i < len(tokens):
        t = tokens[i]
        if t in ("_", "^"):
            if i + 1 >= len(tokens):
                raise NotPlain
            script, i = _script(tokens, i + 1)
            out.append(_scripted(script, SUB if t == "_" else SUP, t == "^"))
            operand = True
            continue
        i += 1
        if t.isspace():
            continue
        if t.isalpha():
            out.append(("\u2009" if spaced else "") + f"*{t}*")
            operand, spaced = True, False
        elif t[0].isdigit():
            out.append(t)
            operand = True
        elif t.startswith("\\text{"):
            out.append(t[6:-1])
            operand = True
        elif t == "\\mathbb{R}":
            out.append("ℝ")
            operand = True
        elif t.startswith("\\"):
            name = t[1:]
            if name in GREEK:
                out.append(f"*{GREEK[name]}*" if GREEK[name].islower() or name == "ell" else GREEK[name])
                operand = True
            elif name in RELATIONS:
                out.append(f" {RELATIONS[name]} ")
                operand = False
            elif name in SYMBOLS:
                out.append(SYMBOLS[name])
                operand = name in ("dots", "ldots", "cdots", "infty")
            elif name == "ast":
                out.append("\\*")
            elif name in ("lVert", "rVert", "|"):
                out.append("‖")
                operand = name != "lVert"
            elif name in FUNCTIONS:
                out.append(name)
                operand, spaced = False, True
            elif name in ACCENTS:
                letter, i = _script(tokens, _skip_spaces(tokens, i))
                if len(letter) != 1 or not letter.isalpha():
                    raise NotPlain
                out.append(f"*{letter}{ACCENTS[name]}*")
                operand = True
            else:
                raise NotPlain
        elif t in RELATIONS:
            out.append(f" {RELATIONS[t]} ")
            operand = False
        elif t == "-":
            out.append(" − " if operand else "−")
            operand = False
        elif t in "/,.()|'":
            out.append({"'": "′", ",": ", "}.get(t, t))
            operand, spaced = t in ")|'", False
        else:
            raise NotPlain
    # Neighbouring italics are one run: "*N**λ*" would read as bold markers.
    return re.sub(r" {2,}", " ", re.sub(r"(?<!\\)\*\*", "", "".join(out))).strip()


def _skip_spaces(tokens: list[str], i: int) -> int:
    while i < len(tokens) and tokens[i].isspace():
        i += 1
    if i >= len(tokens):
        raise NotPlain
    return i


def _tokens(formula: str) -> list[str]:
    tokens = [m.group(0) for m in TOKEN.finditer(formula)]
    if "".join(tokens) != formula:
        raise NotPlain
    return tokens


def _script(tokens: list[str], i: int) -> tuple[str, int]:
    """The sub- or superscript starting at tokens[i] (one token, or a braced group); and the index after it."""
    if tokens[i] != "{":
        return _single(tokens, i)
    depth, j = 0, i
    while j < len(tokens):
        depth += {"{": 1, "}": -1}.get(tokens[j], 0)
        if depth == 0:
            return "".join(tokens[i + 1:j]), j + 1
        j += 1
    raise NotPlain


def _single(tokens: list[str], i: int) -> tuple[str, int]:
    """A script without braces is one character: ``x_ij`` is x_i followed by j."""
    t = tokens[i]
    if t.startswith("\\"):
        return t, i + 1
    if len(t) == 1:
        return t, i + 1
    tokens[i] = t[1:]  # the rest of a letter or digit run stays for what follows the script
    return t[0], i


def _scripted(script: str, table: dict, sup: bool) -> str:
    if sup and script.startswith("\\") and script[1:] in SUP_COMMANDS:
        return SUP_COMMANDS[script[1:]]
    if sup and script == "*":
        return "\\*"
    if not script or any(c not in table for c in script):
        raise NotPlain
    return "".join(table[c] for c in script)
