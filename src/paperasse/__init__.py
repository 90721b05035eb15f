"""paperasse: a bureaucracy guide and a person's profile in, a personalised checklist PDF out."""

__version__ = "0.1.0"
