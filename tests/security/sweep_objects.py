"""Objects the sweep needs to fill path parameters (a thread, a session, a report, ...).

Each app's objects are added here as they land on main, keyed by the placeholder the table
uses (``{thread}``, ``{post}``, ...).
"""


def add_objects(world, *, group) -> None:
    """Create the objects behind the placeholders; ``world.params`` maps name -> value."""
