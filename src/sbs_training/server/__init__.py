"""Serving the workbooks: the standalone server's guard (token, Host, Origin), fixes to Voila,
and Voila's settings for Binder and JupyterHub."""
