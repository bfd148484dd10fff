"""`python -m claimcheck` runs the command line."""
from claimcheck.fastexit import main

main()
