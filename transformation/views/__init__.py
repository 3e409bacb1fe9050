"""Visie & programma: the programme manager's workplace and the director's view.

One module per part: `vision`, `programme` (with the interventions), `initiatives`
(with co-determination and benefits)."""
