#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Assemble the QEMU tree in build/src: upstream base + overlay + patches.

usage: assemble.py [--force]

The upstream base is the cached Debian orig tarball (see fetch-qemu.sh), or
the tree named by QEMU_SRC=/path/to/qemu (an upstream checkout or an unpacked
tarball). The result is a git repository: commit "base" (tagged base) and a
commit "series" on top, so `git -C build/src diff base` shows our change.

Re-running is cheap: nothing happens when the overlay and patches/ did not
change. When they did, the tree is reset to base and rebuilt; files whose
content did not change keep their old modification time, so the incremental
build recompiles only what really changed.

Edits made directly in build/src are never thrown away silently: assemble
refuses to run over them unless --force is given (run `make patches` first to
keep them).
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from treelib import (BUILD, DIGEST_TRAILER, PATCHES, SRC, TOP, Fatal,  # noqa: E402
                     file_owners, git, git_env, inputs_digest, log,
                     overlay_files, patch_files, series)

BASE_ID_FILE = os.path.join(SRC, ".git", "armcpu-base-id")


def base_source():
    """Return (kind, path, id) for the upstream tree to start from."""
    qsrc = os.environ.get("QEMU_SRC")
    if qsrc:
        qsrc = os.path.abspath(qsrc)
        for probe in ("VERSION", "configure", os.path.join("target", "arm", "cpu.c")):
            if not os.path.exists(os.path.join(qsrc, probe)):
                raise Fatal("QEMU_SRC=%s does not look like a QEMU source tree "
                            "(no %s)" % (qsrc, probe))
        ident = "dir:" + qsrc
        if os.path.isdir(os.path.join(qsrc, ".git")):
            head = subprocess.run(["git", "-C", qsrc, "rev-parse", "HEAD"],
                                  text=True, capture_output=True).stdout.strip()
            ident += "@" + head
        return "dir", qsrc, ident
    fetch = os.path.join(TOP, "harness", "fetch-qemu.sh")
    p = subprocess.run(["bash", fetch], text=True, stdout=subprocess.PIPE)
    if p.returncode != 0:
        raise Fatal("fetching the QEMU source failed (see the messages above)")
    tarball = p.stdout.strip().splitlines()[-1]
    return "tar", tarball, "tar:" + os.path.basename(tarball)


def create_base(kind, path, ident):
    if os.path.exists(SRC):
        shutil.rmtree(SRC)
    os.makedirs(SRC)
    if kind == "tar":
        log("unpacking %s" % path)
        p = subprocess.run(["tar", "-xf", path, "-C", SRC,
                            "--strip-components=1", "--no-same-owner"],
                           text=True, capture_output=True)
        if p.returncode != 0:
            raise Fatal("unpacking %s failed:\n%s" % (path, p.stderr.strip()))
    else:
        log("copying %s" % path)
        ignore = shutil.ignore_patterns(".git", "build", "build-*")
        shutil.copytree(path, SRC, symlinks=True, ignore=ignore,
                        dirs_exist_ok=True)
    git("init", "-q", "-b", "main")
    git("config", "core.autocrlf", "false")
    git("config", "gc.auto", "0")
    git("add", "-A", "-f")
    git("commit", "-q", "--no-verify", "-m",
        "base: upstream QEMU (%s)" % ident)
    git("tag", "-f", "base")
    with open(BASE_ID_FILE, "w") as f:
        f.write(ident + "\n")


def current_base_id():
    try:
        with open(BASE_ID_FILE) as f:
            return f.read().strip()
    except OSError:
        return None


def head_digest():
    if git("rev-parse", "HEAD") == git("rev-parse", "base"):
        return None
    msg = git("log", "-1", "--format=%B")
    for line in msg.splitlines():
        if line.startswith(DIGEST_TRAILER):
            return line[len(DIGEST_TRAILER):].strip()
    return None


def dirty_paths():
    out = git("status", "--porcelain", "-z", "--untracked-files=all")
    paths = []
    for entry in out.split("\0"):
        if entry:
            paths.append(entry[3:])
    return paths


def series_mtimes():
    """mtimes of the files the current series commit adds or changes."""
    if git("rev-parse", "HEAD") == git("rev-parse", "base"):
        return None, {}
    names = git("diff", "--name-only", "-z", "base", "HEAD").split("\0")
    times = {}
    for n in names:
        full = os.path.join(SRC, n)
        if n and os.path.lexists(full):
            st = os.lstat(full)
            times[n] = (st.st_atime_ns, st.st_mtime_ns)
    return git("rev-parse", "HEAD").strip(), times


def apply_series(digest):
    overlay = overlay_files()
    base_files = set(git("ls-files", "-z").split("\0"))
    owners = file_owners()   # checks that every upstream file has one owner
    for rel in overlay:
        if rel in base_files:
            raise Fatal("overlay file %s exists upstream; change upstream files "
                        "through a patch in patches/, not the overlay" % rel)
        if rel in owners:
            raise Fatal("%s is both an overlay file and changed by %s" %
                        (rel, owners[rel]))
        dst = os.path.join(SRC, rel)
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        # A copy is new (mtime now), so that ninja rebuilds what uses it
        # even when the repository's file is older than the last build;
        # restore_mtimes() gives unchanged files their old time back.
        shutil.copy(os.path.join(TOP, rel), dst)
    for name in series():
        full = os.path.join(PATCHES, name)
        with open(full) as f:
            if not patch_files(f.read()):
                raise Fatal("patches/%s contains no 'diff --git' hunk" % name)
        p = subprocess.run(["git", "apply", "--index", "--whitespace=nowarn",
                            "--verbose", full], cwd=SRC, env=git_env(),
                           text=True, capture_output=True)
        if p.returncode != 0:
            raise Fatal("patch %s does not apply to the base tree:\n%s" %
                        (name, p.stderr.strip()))
        log("applied %s" % name)
    git("add", "-A", "-f")
    git("commit", "-q", "--no-verify", "--allow-empty", "-m",
        "series: overlay files and patches/\n\n%s%s" % (DIGEST_TRAILER, digest))


def restore_mtimes(old_head, times):
    """Give files whose content is unchanged their old modification time."""
    if not old_head or not times:
        return 0
    try:
        changed = set(git("diff", "--name-only", "-z", old_head, "HEAD").split("\0"))
    except Fatal:
        return 0
    kept = 0
    for n, (at, mt) in times.items():
        full = os.path.join(SRC, n)
        if n in changed or not os.path.exists(full) or os.path.islink(full):
            continue
        os.utime(full, ns=(at, mt))
        kept += 1
    return kept


def main(argv):
    force = "--force" in argv[1:]
    kind, path, ident = base_source()
    os.makedirs(BUILD, exist_ok=True)
    if current_base_id() != ident or not os.path.isdir(os.path.join(SRC, ".git")):
        create_base(kind, path, ident)
    digest = inputs_digest()
    dirty = dirty_paths()
    if head_digest() == digest and not dirty:
        log("build/src is up to date")
        return 0
    if dirty and not force:
        shown = "\n  ".join(dirty[:20]) + ("\n  ..." if len(dirty) > 20 else "")
        raise Fatal("build/src has edits that are not in the overlay or patches/:\n"
                    "  %s\nRun 'make patches' to keep them, or "
                    "'make assemble FORCE=1' to discard them." % shown)
    old_head, times = series_mtimes()
    git("reset", "-q", "--hard", "base")
    git("clean", "-q", "-fdx")
    apply_series(digest)
    kept = restore_mtimes(old_head, times)
    log("assembled build/src (%d overlay files, %d patches; %d unchanged files "
        "kept their timestamps)" % (len(overlay_files()), len(series()), kept))
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv))
    except Fatal as e:
        print("assemble: error: %s" % e, file=sys.stderr)
        sys.exit(1)
