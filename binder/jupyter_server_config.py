# Appended to the environment's jupyter_server_config.py by binder/postBuild:
# lets Voila find the "sbs" template and list the workbooks in cohort.toml's order.
from sbs_training.server.jupyter_setup import configure_jupyter_server

configure_jupyter_server(c)  # noqa: F821 (Jupyter provides `c`, the config object)
