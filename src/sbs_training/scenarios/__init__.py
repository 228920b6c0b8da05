"""Scenarios in play: a play through a branching scenario (state, Back, order) and
*Your pattern* across plays (first choices, the two triangles drawn)."""
