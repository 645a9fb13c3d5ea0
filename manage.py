#!/usr/bin/env python
"""Development entry point; the installed product uses the `lanhdao` command, which is the same thing."""

from lanhdao.cli import main

if __name__ == "__main__":
    main()
