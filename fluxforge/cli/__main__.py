"""``python -m fluxforge.cli ARGS``: the ``fluxforge`` command line."""
import sys

from fluxforge.cli.main import main

sys.exit(main())
