"""``python -m budgetkg``: the same CLI as the ``budgetkg`` script."""

from budgetkg.cli.app import main

main()
