# JupyterHub settings for Side by Side Training: one private, lasting journal per trainee.
#
# This one file is used three ways, so what the tests run is what the guide tells you to run:
#   - The Littlest JupyterHub: copy it to /opt/tljh/config/jupyterhub_config.d/sbs-training.py
#     (docs/deploy-jupyterhub.md, "The Littlest JupyterHub").
#   - Any JupyterHub on one machine: `jupyterhub -f docs/jupyterhub_config.py` plus your login.
#   - The test suite (tests/test_hub.py) loads it, then adds a test login and loopback ports.
# Zero to JupyterHub's config.yaml in the guide sets the same things in its own words.
#
# Two settings come from the environment, so the file needs no editing:
#   SBS_HUB_USER_ENV      the trainees' Python environment (default: TLJH's /opt/tljh/user)
#   SBS_HUB_CULL_TIMEOUT  seconds before an idle trainee's server is stopped (default 3600; not on TLJH,
#                         whose own culler is set with `tljh-config set services.cull.timeout`)
import os
import pwd
import sys

c = get_config()  # noqa: F821 (JupyterHub provides get_config)

user_env = os.environ.get("SBS_HUB_USER_ENV", "/opt/tljh/user")
cull_timeout = int(os.environ.get("SBS_HUB_CULL_TIMEOUT", "3600"))

# Where the workbooks are pulled to in each trainee's home (the nbgitpuller link's targetPath).
WORKBOOKS = "sbs-training"


def trainee_home(spawner) -> str:
    """The trainee's home folder: TLJH names system users jupyter-<name>; elsewhere the name is the user."""
    for name in (f"jupyter-{spawner.user.name}", spawner.user.name):
        try:
            return pwd.getpwnam(name).pw_dir
        except KeyError:
            continue
    return os.path.expanduser(f"~{spawner.user.name}")


# Each trainee's own server, from the trainees' environment, opening on the workbook list in Voila.
c.Spawner.cmd = [os.path.join(user_env, "bin", "jupyterhub-singleuser")]
c.Spawner.default_url = f"/voila/tree/{WORKBOOKS}/workbooks"
c.Spawner.environment.update(
    {
        "PATH": f"{os.path.join(user_env, 'bin')}:/usr/local/bin:/usr/bin:/bin",
        # The package is imported from the pulled copy, so code, content and workbooks always match.
        "PYTHONPATH": lambda spawner: os.path.join(trainee_home(spawner), WORKBOOKS, "src"),
    }
)
# Kernels talk to their server over Unix sockets in the trainee's own runtime folder: no TCP ports,
# so thirty trainees' kernels starting at once on one machine cannot take each other's ports.
c.Spawner.args.append("--KernelManager.transport=ipc")

# Stop servers nobody is using; the journal stays in the home folder for next time.
# The Littlest JupyterHub runs its own idle culler (set with tljh-config), so add one only elsewhere.
if not os.path.isdir("/opt/tljh/hub"):
    c.JupyterHub.services.append(
        {
            "name": "idle-culler",
            # Look every sixth of the timeout (at most 5 minutes), not the culler's default half:
            # an idle server then stops within 1.2 timeouts rather than 1.5.
            "command": [
                sys.executable,
                "-m",
                "jupyterhub_idle_culler",
                f"--timeout={cull_timeout}",
                f"--cull-every={max(5, min(cull_timeout // 6, 300))}",
            ],
        }
    )
    c.JupyterHub.load_roles.append(
        {
            "name": "idle-culler",
            "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"],
            "services": ["idle-culler"],
        }
    )
