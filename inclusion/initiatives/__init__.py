"""Inclusion tied to the initiatives: the competences an initiative asks of people, and
whether the people in its units are being prepared (its page, the programme's page and
the management report)."""
