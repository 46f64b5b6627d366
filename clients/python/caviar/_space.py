"""Ranges of a study's space, written as the spec's hyperParameterRanges."""


def _scaling(log, reverse_log=False):
    if log and reverse_log:
        raise ValueError("give log or reverse_log, not both")
    return "Logarithmic" if log else "ReverseLogarithmic" if reverse_log else "Linear"


def float_range(low, high, log=False, reverse_log=False):
    """A continuous range [low, high]."""
    return {"type": "continuous", "minValue": low, "maxValue": high, "scalingType": _scaling(log, reverse_log)}


def int_range(low, high, log=False):
    """An integer range [low, high]."""
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (low, high)):
        raise ValueError(f"int_range takes whole numbers, not {low!r} and {high!r}; use float_range for fractions")
    return {"type": "integer", "minValue": low, "maxValue": high, "scalingType": _scaling(log)}


def categorical(*values):
    """A choice among values. Caviar keeps choices as text; a study's trials give them back as the values given here."""
    if not values:
        raise ValueError("categorical needs at least one value, e.g. caviar.categorical(\"relu\", \"tanh\")")
    return {"type": "categorical", "values": list(values)}


def to_ranges(space):
    """A space as the API takes it (a list of named ranges, choices as text), and for each categorical range the
    map from text back to the value given. ``space`` is a dict name -> range or a list of ranges with a "name"."""
    if isinstance(space, dict):
        for name, range_ in space.items():
            if not isinstance(range_, dict) or "type" not in range_:
                raise ValueError(f"space[{name!r}] must be caviar.float_range(...), caviar.int_range(...) or "
                                 f"caviar.categorical(...), not {range_!r}")
    ranges = [dict(range_, name=name) for name, range_ in space.items()] if isinstance(space, dict) else [dict(r) for r in space]
    originals = {}
    for range_ in ranges:
        if range_.get("type") == "categorical":
            values = range_.get("values") or []
            originals[range_.get("name")] = {str(v): v for v in values}
            range_["values"] = [str(v) for v in values]
    return ranges, originals
