"""The command line: Typer wiring only; the work happens in the core modules."""
