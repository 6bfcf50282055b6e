"""Publish the portal (`invoke publish`): build, check, then replace the published site in one step.

``publish`` builds with publishconf.py (portalbuild.runner.build); the post-build steps
(PORTAL_POST_BUILD: search index, checks, compressed copies, extra files such as
deploy/_headers) run on the staging folder, and only a build whose every step passed
replaces the output. A failure raises BuildFailed and leaves the published site, local or
remote, as it was. Unchanged files keep their times, so rsync uploads only changes.
``cli_publish`` prints a line per step with its time (portalbuild.steps.progress).

Targets (PUBLISH_TARGET; docs/operators.md, "Publishing targets"): ``local`` (the build
replaces that folder), ``rsync`` (OUTPUT_PATH, then rsync over SSH with --delay-updates and
--delete-after into a destination that is new, empty or a publication), ``git`` (OUTPUT_PATH,
then ghp-import commits it to a branch and pushes it, for GitHub or Codeberg Pages).

Settings read: PUBLISH_TARGET, OUTPUT_PATH, PORTAL_POST_BUILD, PUBLISH_EXTRA_FILES.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import shlex
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from portalbuild import ROOT
from portalbuild.runner import BuildFailed, Interrupted, build, load_settings, output_held, report_notices
from portalbuild.steps import progress
from portalbuild.runner.publish_guard import INTERRUPTED, TargetRefused, check_rsync_destination, exclusive

PUBLISH_SETTINGS = ROOT / "publishconf.py"
KINDS = ("local", "rsync", "git")
DEFAULTS = {
    "local": {"path": None},
    "rsync": {"destination": None, "ssh": "ssh", "checksum": False},
    "git": {"branch": "gh-pages", "remote": "origin", "push": True, "cname": "", "repository": str(ROOT),
            "message": "Publish the portal"},
}


class PublishError(Exception):
    """The target is set up wrongly, or sending the built site failed."""


@dataclass(frozen=True)
class Target:
    kind: str
    options: dict


@dataclass(frozen=True)
class PublishResult:
    output: Path
    target: Target
    command: list[str] | None
    notices: dict[str, list[str]] = field(default_factory=dict)  # BuildResult.notices


def publish_target(settings: dict) -> Target:
    """PUBLISH_TARGET with its defaults filled in; a local folder (OUTPUT_PATH) when unset."""
    given = dict(settings.get("PUBLISH_TARGET") or {"kind": "local"})
    kind = given.pop("kind", "local")
    if kind not in KINDS:
        raise PublishError(f"PUBLISH_TARGET: kind {kind!r} is unknown. Fix: use one of {', '.join(KINDS)}")
    unknown = sorted(set(given) - set(DEFAULTS[kind]))
    if unknown:
        raise PublishError(f"PUBLISH_TARGET: {', '.join(unknown)} is not an option of kind {kind!r}. "
                           f"Fix: use {', '.join(DEFAULTS[kind])}")
    options = {**DEFAULTS[kind], **given}
    if kind == "local":
        options["path"] = str(options["path"] or settings["OUTPUT_PATH"])
    if kind == "rsync" and not options["destination"]:
        raise PublishError("PUBLISH_TARGET: rsync needs a destination. "
                           "Fix: set 'destination': 'user@host:/path/to/site/'")
    return Target(kind, options)


def publish_steps(settings: dict) -> list[str]:
    """PORTAL_POST_BUILD, with the checks always in: publishing never skips them."""
    steps = list(settings.get("PORTAL_POST_BUILD") or ["search", "precompress"])
    if "check" not in steps:
        steps.insert(steps.index("precompress") if "precompress" in steps else len(steps), "check")
    return steps


def deploy_command(target: Target, folder: Path) -> list[str] | None:
    """The command that sends the built ``folder`` to the target; None for a local folder."""
    options = target.options
    if target.kind == "rsync":
        # Unchanged files keep their mtime across builds, so rsync's size-and-time test skips them;
        # a build in a fresh checkout (CI without a kept output/) needs --checksum instead.
        return ["rsync", "--archive", "--compress", "--delete-after", "--delay-updates",
                "--human-readable", "--itemize-changes", *(["--checksum"] if options["checksum"] else []),
                "-e", options["ssh"], f"{folder}/", options["destination"]]
    if target.kind == "git":
        command = [sys.executable, "-m", "ghp_import", "--no-jekyll", "--branch", options["branch"],
                   "--remote", options["remote"], "--message", options["message"]]
        if options["cname"]:
            command += ["--cname", options["cname"]]
        if options["push"]:
            command.append("--push")
        return [*command, str(folder)]
    return None


def publish(settings_file=PUBLISH_SETTINGS, overrides: dict | None = None) -> PublishResult:
    """Build, check and replace the published site; raise BuildFailed, PublishError or Interrupted.

    One publish at a time per output folder and per remote target (portalbuild.runner.publish_guard)."""
    settings = load_settings(settings_file, overrides)
    target = publish_target(settings)
    output = Path(os.path.abspath(target.options["path"] if target.kind == "local" else settings["OUTPUT_PATH"]))
    named_by = "LPR_PUBLISH_DIR (PUBLISH_TARGET's 'path')" if target.kind == "local" else "OUTPUT_PATH"
    try:
        with output_held(output, settings, named_by), _target_held(target):
            if target.kind == "rsync":
                check_rsync_destination(target.options["destination"], target.options["ssh"])
            result = build(settings_file, output=output, overrides=overrides, post_build=publish_steps(settings),
                           named_by=named_by)
            command = deploy_command(target, result.output)
            if command:
                try:
                    with progress.step(target.kind):
                        _run(command, cwd=target.options.get("repository"))
                except KeyboardInterrupt:
                    raise Interrupted(replaced=True) from None  # the output is new; the target half sent
    except TargetRefused as refused:
        raise BuildFailed([str(refused)]) from None
    return PublishResult(result.output, target, command, result.notices)


def _target_held(target: Target):
    """The lock of a remote target, shared by every checkout on this machine."""
    if target.kind == "local":
        return contextlib.nullcontext()
    where = target.options["destination"] if target.kind == "rsync" else \
        f"{os.path.realpath(target.options['repository'])} {target.options['remote']} {target.options['branch']}"
    digest = hashlib.blake2b(where.encode(), digest_size=8).hexdigest()
    return exclusive(Path(tempfile.gettempdir()) / f"lpr-publish-{digest}.lock", f"the publish target {where}")


def _run(command: list[str], cwd: str | None) -> None:
    completed = subprocess.run(command, cwd=cwd, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        output = (completed.stderr or completed.stdout).strip()
        raise PublishError(f"'{shlex.join(command)}' failed (exit {completed.returncode}): {output}. "
                           "The built site is in the output folder; the target was not fully updated, "
                           "run './invoke publish' again once the cause is fixed")


def cli_publish(settings_file=PUBLISH_SETTINGS) -> int:
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")  # as `invoke build` shows them
    try:
        with progress.reporting():
            result = publish(settings_file)
    except BuildFailed as failure:
        failure.report("Not published; the published site is unchanged.")
        return 1
    except PublishError as error:
        print(f"Not published: {error}", file=sys.stderr)
        return 1
    except (Interrupted, KeyboardInterrupt) as interrupt:
        if getattr(interrupt, "replaced", False):
            print("Interrupted after the new site was put in place; run 'invoke publish' again to finish "
                  "the upload or bookkeeping.", file=sys.stderr)
        else:
            print("Interrupted; nothing was published: the published site is unchanged.", file=sys.stderr)
        return INTERRUPTED
    where = result.target.options["path"] if result.command is None else shlex.join(result.command)
    print(f"Published: {where}")
    report_notices(result.notices)
    return 0
