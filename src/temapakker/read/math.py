"""TeX math as readable Unicode text: x^2 → x², \\alpha → α, \\frac{a}{b} → (a)/(b).

Slides show math as text, not as native equations: common symbols, Greek letters, sub- and
superscript digits and letters become their Unicode forms, and any other command is shown
without its backslash. Enough for the formulas a theme pack has; not a TeX engine.
"""

from __future__ import annotations

import re

SYMBOLS = {
    "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ε", "varepsilon": "ε",
    "zeta": "ζ", "eta": "η", "theta": "θ", "iota": "ι", "kappa": "κ", "lambda": "λ",
    "mu": "μ", "nu": "ν", "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ",
    "upsilon": "υ", "phi": "φ", "varphi": "φ", "chi": "χ", "psi": "ψ", "omega": "ω",
    "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ", "Pi": "Π",
    "Sigma": "Σ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    "times": "×", "cdot": "·", "div": "÷", "pm": "±", "mp": "∓", "leq": "≤", "le": "≤",
    "geq": "≥", "ge": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "equiv": "≡", "sim": "∼",
    "infty": "∞", "sum": "∑", "prod": "∏", "int": "∫", "partial": "∂", "nabla": "∇",
    "sqrt": "√", "to": "→", "rightarrow": "→", "leftarrow": "←", "Rightarrow": "⇒",
    "Leftrightarrow": "⇔", "in": "∈", "notin": "∉", "subset": "⊂", "cup": "∪", "cap": "∩",
    "forall": "∀", "exists": "∃", "ldots": "…", "dots": "…", "cdots": "⋯", "degree": "°",
    "circ": "∘", "propto": "∝", "emptyset": "∅", "neg": "¬", "land": "∧", "lor": "∨",
    "quad": " ", "qquad": "  ", ",": " ", ";": " ", "!": "", " ": " ",
    "left": "", "right": "", "displaystyle": "", "mathrm": "", "text": "", "mathbf": "",
    "mathit": "", "operatorname": "",
}
SUPER_FROM, SUB_FROM = "0123456789+-=()niax", "0123456789+-=()aeoxijnm"
SUPER = str.maketrans(SUPER_FROM, "⁰¹²³⁴⁵⁶⁷⁸⁹⁺⁻⁼⁽⁾ⁿⁱᵃˣ")
SUB = str.maketrans(SUB_FROM, "₀₁₂₃₄₅₆₇₈₉₊₋₌₍₎ₐₑₒₓᵢⱼₙₘ")
_FRAC = re.compile(r"\\[dt]?frac\s*\{([^{}]*)\}\s*\{([^{}]*)\}")
_COMMAND = re.compile(r"\\([A-Za-z]+|[,;! ])")
_SCRIPT = re.compile(r"([\^_])(\{([^{}]*)\}|\\?[A-Za-z0-9+\-=()])")


def tex_to_text(tex: str) -> str:
    """Readable Unicode text for a TeX formula."""
    text = tex.strip()
    for _ in range(3):  # nested fractions
        text = _FRAC.sub(lambda m: f"{_group(m.group(1))}/{_group(m.group(2))}", text)
    text = _COMMAND.sub(lambda m: SYMBOLS.get(m.group(1), m.group(1)), text)
    text = _SCRIPT.sub(_script, text)
    text = text.replace("{", "").replace("}", "")
    return re.sub(r"\s+", " ", text).strip()


def _group(text: str) -> str:
    return text if len(text.strip()) <= 1 or text.strip().isalnum() else f"({text})"


def _script(match: re.Match[str]) -> str:
    """A sub- or superscript in Unicode where every character of it has a form, else kept
    readable as ^(…) or _(…)."""
    body = match.group(3) if match.group(3) is not None else match.group(2)
    sign = match.group(1)
    table, letters = (SUPER, SUPER_FROM) if sign == "^" else (SUB, SUB_FROM)
    if body and all(c in letters for c in body):
        return body.translate(table)
    return sign + (f"({body})" if len(body) > 1 else body)
