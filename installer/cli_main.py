"""The `relocdesk` command inside the bundle: the same commands as `relocdesk` from a checkout.

PyInstaller builds this into the program folder beside the app, so an office can run
`relocdesk-cli warnings` (or a support person `relocdesk-cli backup`) without Python.
"""

from relocdesk.cli import main

raise SystemExit(main())
