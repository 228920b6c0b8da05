"""Keep every test run away from the real journal.

papermill runs the workbooks in kernels that inherit this process's
environment, so pointing SBS_TRAINING_DATA_DIR at a throwaway folder here
covers them too.
"""

import os
import tempfile

_scratch = tempfile.mkdtemp(prefix="sbs-test-journal-")
os.environ["SBS_TRAINING_DATA_DIR"] = _scratch
os.environ.pop("SBS_TRAINING_CONFIG", None)
os.environ.pop("BINDER_LAUNCH_HOST", None)
os.environ.pop("BINDER_REPO_URL", None)
