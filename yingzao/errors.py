"""Errors that are the user's to fix: the CLI prints them as one line and exits with status 2."""


class InputError(ValueError):
    """Bad input (parameter, scenario file, command-line argument) with a message naming it."""
