"""`invoke editor`: the web editor (/admin/) on this repository, beside the live preview.

Starts decap-server (npm package, MODE=git) on 127.0.0.1, which reads the posts of the
working folder and, when the editor saves, writes the files and commits them to the
branch that is checked out (`git add .` then `git commit`: every change in the working
folder goes into that commit, so the task warns when the folder has uncommitted
changes). Then it runs the live preview (portalbuild.commands.authoring.live) with the editor's
backend set to that proxy and branch, so a saved post is rebuilt and shown at once.

Settings read: WEB_EDITOR (through the web_editor plugin).
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
from pathlib import Path

from portalbuild import ROOT
from portalbuild.commands.authoring import AuthoringError, live

PROXY = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def editor_backend(branch: str, proxy_port: int) -> dict:
    return {"name": "proxy", "proxy_url": f"http://127.0.0.1:{proxy_port}/api/v1", "branch": branch}


def current_branch(repository: Path) -> str:
    result = subprocess.run(["git", "-C", str(repository), "symbolic-ref", "--quiet", "--short", "HEAD"],
                            capture_output=True, text=True)
    if result.returncode != 0:
        raise AuthoringError(f"{repository} is not on a git branch, so the editor has nowhere to "
                             "commit. Fix: run 'git checkout main' (or clone the repository) first")
    return result.stdout.strip()


def uncommitted_changes(repository: Path) -> list[str]:
    result = subprocess.run(["git", "-C", str(repository), "status", "--porcelain"],
                            capture_output=True, text=True, check=True)
    return [line for line in result.stdout.splitlines() if line.strip()]


def port_is_free(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def start_proxy(repository: Path, port: int, proxy: Path = PROXY) -> subprocess.Popen:
    """decap-server in git mode on 127.0.0.1:<port>, committing in ``repository``."""
    node = shutil.which("node")
    if node is None:
        raise AuthoringError("Node.js is not installed, and the editor's local server needs it. "
                             "Fix: install Node.js 18 or newer (Debian: apt-get install nodejs npm)")
    if not proxy.is_file():
        raise AuthoringError("The editor's local server (npm package decap-server) is not installed. "
                             "Fix: run 'npm ci --ignore-scripts' in the repository")
    if not port_is_free(port):
        raise AuthoringError(f"The editor's local server cannot use port {port}: it is in use. "
                             "Fix: stop the other program, or choose another port: "
                             f"./invoke editor --proxy-port {port + 1}")
    environment = {**os.environ, "MODE": "git", "PORT": str(port), "BIND_HOST": "127.0.0.1",
                   "GIT_REPO_DIRECTORY": str(repository), "LOG_LEVEL": "warn"}
    return subprocess.Popen([node, str(proxy)], cwd=repository, env=environment)


def stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def editor(port: int = 8000, proxy_port: int = 8081, repository: Path = ROOT) -> None:
    branch = current_branch(repository)
    changes = uncommitted_changes(repository)
    if changes:
        print(f"Note: {len(changes)} uncommitted change(s) in {repository}; the editor's first save "
              "commits them together with the post (git add .). Commit or stash them first "
              "to keep them apart.", file=sys.stderr)
    proxy = start_proxy(repository, proxy_port)
    try:
        print(f"Web editor: http://127.0.0.1:{port}/admin/ (saves commit to branch '{branch}')")
        live(port=port, overrides={"WEB_EDITOR": {"backend": editor_backend(branch, proxy_port)}})
    finally:
        stop(proxy)


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def cli_editor(port: int = 8000, proxy_port: int = 8081) -> int:
    # A closed terminal or a service manager stops the task like Ctrl+C: decap-server with it.
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        editor(port=port, proxy_port=proxy_port)
    except AuthoringError as error:
        print(error, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    return 0
