"""Readers of the user's inputs: profiles (files and spreadsheet rows), brand files, and the
file reading they share (:mod:`paperasse.inputs.files`)."""
