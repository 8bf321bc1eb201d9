"""The read side: what each screen shows, as plain typed rows, reached through the façade.

One module per screen family. Every query takes the connection (and the date it is
evaluated on, where a rule depends on it) and returns dataclasses or TypedDicts; the
policy numbers a screen's rules use are named next to the query that applies them.
"""
