"""The store: the one private journal every widget and command saves to, where it lives on disk,
and when a trainee's visit starts (so a preheated kernel reads the journal only then).

The lowest layer with ``content``: it imports nothing from the rest of the package but ``errors``.
"""
