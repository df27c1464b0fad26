import sys

from trainpack.cli.main import main

sys.exit(main())
