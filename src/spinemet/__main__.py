"""``python -m spinemet``: the same as the ``spinemet`` command."""

from spinemet.startup import main

if __name__ == "__main__":
    main()
