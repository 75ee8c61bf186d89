# SPDX-License-Identifier: GPL-2.0-or-later
"""Shared helpers for assembling the QEMU tree and regenerating patches/.

The assembled tree (build/src) is a git repository with two commits:
  base    the pinned upstream QEMU, exactly as unpacked (tagged "base")
  series  base + the overlay files + patches/ applied in patches/series order

Overlay files are new files at their QEMU paths, kept in this repository
under OVERLAY_DIRS. Patches edit files that upstream owns; each upstream
file is owned by exactly one patch, so that `make patches` can regenerate
every patch from the edited tree without ambiguity.
"""

import hashlib
import importlib.util
import os
import re
import subprocess
import sys

TOP = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BUILD = os.environ.get("ARMCPU_BUILD", os.path.join(TOP, "build"))
SRC = os.path.join(BUILD, "src")
PATCHES = os.environ.get("ARMCPU_PATCHES", os.path.join(TOP, "patches"))
# the user's cache, as harness/common.sh finds it
CACHE = os.environ.get("ARMCPU_CACHE") or os.path.join(
    os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "arm-cpu-models")
SERIES = os.path.join(PATCHES, "series")

# Top-level directories of this repository that hold overlay files.
OVERLAY_DIRS = ["accel", "configs", "docs", "hw", "include", "migration",
                "qapi", "scripts", "stubs", "target", "tests"]

DIGEST_TRAILER = "Overlay-Digest: "

DIFF_CMD = ["git", "-c", "core.abbrev=12", "-c", "core.quotePath=false",
            "-c", "diff.noprefix=false", "-c", "diff.mnemonicPrefix=false",
            "diff", "--no-color", "--no-ext-diff", "--no-renames",
            "--src-prefix=a/", "--dst-prefix=b/"]

GIT_ENV = {
    "GIT_AUTHOR_NAME": "arm-cpu-models assemble",
    "GIT_AUTHOR_EMAIL": "assemble@invalid",
    "GIT_COMMITTER_NAME": "arm-cpu-models assemble",
    "GIT_COMMITTER_EMAIL": "assemble@invalid",
    "GIT_AUTHOR_DATE": "2026-01-01T00:00:00Z",
    "GIT_COMMITTER_DATE": "2026-01-01T00:00:00Z",
}


class Fatal(Exception):
    pass


def log(msg):
    print("[%s] %s" % (os.path.basename(sys.argv[0]), msg), file=sys.stderr)


def git_env(cwd=SRC, env=None):
    """The environment for git in CWD: fixed identity and dates."""
    full_env = dict(os.environ)
    full_env.update(GIT_ENV)
    if cwd == SRC:
        # Never let git walk up from build/src into this repository (for
        # example when build/src/.git is missing): pin the repository.
        full_env["GIT_DIR"] = os.path.join(SRC, ".git")
        full_env["GIT_WORK_TREE"] = SRC
    if env:
        full_env.update(env)
    return full_env


def git(*args, cwd=SRC, check=True, capture=True, env=None):
    p = subprocess.run(["git"] + list(args), cwd=cwd, env=git_env(cwd, env),
                       text=True,
                       stdout=subprocess.PIPE if capture else None,
                       stderr=subprocess.PIPE if capture else None)
    if check and p.returncode != 0:
        raise Fatal("git %s failed in %s:\n%s" %
                    (" ".join(args), cwd, (p.stderr or "").strip()))
    return p.stdout if capture else ""


def overlay_files():
    """Relative paths of the overlay files in this repository, sorted."""
    dirs = [d for d in OVERLAY_DIRS if os.path.isdir(os.path.join(TOP, d))]
    if not dirs:
        return []
    if os.path.isdir(os.path.join(TOP, ".git")):
        out = git("ls-files", "-z", "--cached", "--others",
                  "--exclude-standard", "--", *dirs, cwd=TOP)
        files = [f for f in out.split("\0") if f]
        files = [f for f in files if os.path.isfile(os.path.join(TOP, f))]
    else:
        files = []
        for d in dirs:
            for root, _, names in os.walk(os.path.join(TOP, d)):
                for n in names:
                    files.append(os.path.relpath(os.path.join(root, n), TOP))
    return sorted(set(files))


def series():
    """Patch file names in patches/series order (comments and blanks skipped)."""
    if not os.path.exists(SERIES):
        return []
    names = []
    with open(SERIES) as f:
        for lineno, line in enumerate(f, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            if not os.path.isfile(os.path.join(PATCHES, line)):
                raise Fatal("patches/series:%d: no such patch %s" % (lineno, line))
            names.append(line)
    return names


def split_patch(text):
    """Return (header, body): the free-text header and the diff itself."""
    m = re.search(r"^diff --git ", text, re.M)
    if not m:
        return text, ""
    return text[:m.start()], text[m.start():]


def patch_files(text):
    """Paths a patch touches, from its 'diff --git a/X b/X' lines."""
    files = []
    for m in re.finditer(r"^diff --git a/(\S+) b/(\S+)$", text, re.M):
        if m.group(1) != m.group(2):
            raise Fatal("renames are not supported in patches (%s -> %s)" %
                        (m.group(1), m.group(2)))
        files.append(m.group(1))
    return files


def file_owners():
    """Map upstream path -> patch name; each path may be owned only once."""
    owners = {}
    for name in series():
        with open(os.path.join(PATCHES, name)) as f:
            for path in patch_files(f.read()):
                if path in owners and owners[path] != name:
                    raise Fatal("%s is changed by both %s and %s; each upstream "
                                "file must belong to one patch" %
                                (path, owners[path], name))
                owners[path] = name
    return owners


def inputs_digest():
    """A digest of everything that decides the series commit's content."""
    h = hashlib.sha256()
    for rel in overlay_files():
        h.update(b"O\0" + rel.encode() + b"\0")
        st = os.stat(os.path.join(TOP, rel))
        h.update(b"x" if st.st_mode & 0o111 else b"-")
        with open(os.path.join(TOP, rel), "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    for name in series():
        h.update(b"P\0" + name.encode() + b"\0")
        with open(os.path.join(PATCHES, name), "rb") as f:
            h.update(hashlib.sha256(f.read()).digest())
    return h.hexdigest()


_TABLE = []


def id_table():
    """The ID-register table (cpu-idregs.h.inc, through gen-arm-models.py's
    Table), loaded once."""
    if not _TABLE:
        _TABLE.append(load_model_generator().Table())
    return _TABLE[0]


def fv(value, name):
    """Field NAME ("ID_AA64PFR0_EL1.SVE") of the register value VALUE, at
    the position the table gives it."""
    reg, _, fname = name.partition(".")
    return id_table().fields[(reg, fname)].get(value)


def load_model_generator():
    """scripts/gen-arm-models.py as a module (its Table, models, resolve)."""
    # its modules (arm_cpu_models, arm_idregs_table) are beside it
    scripts = os.path.join(TOP, "scripts")
    if scripts not in sys.path:
        sys.path.insert(0, scripts)
    spec = importlib.util.spec_from_file_location(
        "gen_arm_models", os.path.join(TOP, "scripts", "gen-arm-models.py"))
    gen = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(gen)
    return gen
