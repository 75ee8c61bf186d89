#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Regenerate patches/ (and copy back overlay files) from edits in build/src.

usage: patches.py [--check]

Every upstream file belongs to exactly one patch (the one whose diff touches
it). Each patch is rewritten as its free-text header followed by
`git diff base` of the files it owns, so after a clean assemble this changes
nothing. Edited upstream files that no patch owns yet go into a new patch,
appended to patches/series, whose header asks to be described. New or edited
overlay files (files that do not exist upstream) are copied back into this
repository. A file is only rewritten when its content changes.

With --check nothing is written: the exit status is 1 and the differences
are listed when patches/ or the overlay do not match build/src.
"""

import os
import shutil
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from treelib import (DIFF_CMD, DIGEST_TRAILER, PATCHES, SERIES, SRC,  # noqa: E402
                     TOP, Fatal, file_owners, git, git_env, inputs_digest, log,
                     overlay_files, series, split_patch)

NEW_PATCH_HEADER = """\
FIXME: describe this change (why upstream needs it, one logical change).

"""


CHECK = False


def write_if_changed(path, text):
    try:
        with open(path) as f:
            if f.read() == text:
                return False
    except OSError:
        pass
    if not CHECK:
        with open(path, "w") as f:
            f.write(text)
    return True


def read_bytes(path):
    try:
        with open(path, "rb") as f:
            return f.read()
    except FileNotFoundError:
        return None


def git_show(rev, path):
    """The bytes of PATH at REV in build/src, or None if it has no PATH."""
    p = subprocess.run(["git", "show", "%s:%s" % (rev, path)], cwd=SRC,
                       env=git_env(), capture_output=True)
    return p.stdout if p.returncode == 0 else None


def diff_of(files):
    return git(*DIFF_CMD[1:], "base", "--", *sorted(files))


def main():
    if not os.path.isdir(os.path.join(SRC, ".git")):
        raise Fatal("build/src is not assembled; run 'make assemble' first")
    base_files = set(git("ls-tree", "-r", "-z", "--name-only", "base").split("\0"))
    base_files.discard("")
    # Everything that differs from base in the working tree.
    git("add", "-A", "-N", "-f")    # intent-to-add, so new files show in diff
    changed = [p for p in git("diff", "--name-only", "-z", "base").split("\0") if p]

    # Overlay files edited (or created, or deleted) in build/src since the
    # series commit go back into this repository, unless the repository's
    # copy changed too since then: that is a conflict, not a copy.
    edited = [p for p in git("diff", "--name-only", "-z", "HEAD").split("\0")
              if p and p not in base_files]
    upstream_changed = set(p for p in changed if p in base_files)
    copied = 0
    conflicts = []
    for rel in edited:
        src = os.path.join(SRC, rel)
        dst = os.path.join(TOP, rel)
        committed = git_show("HEAD", rel)
        tree = read_bytes(src)
        repo = read_bytes(dst)
        if repo == tree:
            continue
        if repo != committed:
            conflicts.append(rel)
            continue
        log("overlay file %s was %s in build/src" %
            (rel, "deleted" if tree is None else "edited"))
        copied += 1
        if CHECK:
            continue
        if tree is None:
            os.remove(dst)
        else:
            os.makedirs(os.path.dirname(dst), exist_ok=True)
            shutil.copy2(src, dst)
    if conflicts:
        git("reset", "-q")
        raise Fatal("changed both in build/src and in this repository since "
                    "the last assemble: %s; keep one copy by hand" %
                    ", ".join(conflicts))

    owners = file_owners()
    by_patch = {}
    for path, name in owners.items():
        by_patch.setdefault(name, set()).add(path)
    unowned = sorted(upstream_changed - set(owners))

    rewritten = []
    for name in series():
        full = os.path.join(PATCHES, name)
        with open(full) as f:
            header, _ = split_patch(f.read())
        body = diff_of(by_patch.get(name, set()))
        if not body:
            log("warning: %s no longer changes anything; remove it from "
                "patches/series" % name)
        if write_if_changed(full, header + body):
            rewritten.append(name)

    if unowned and CHECK:
        log("upstream files edited outside any patch: %s" % ", ".join(unowned))
        rewritten.append("(new patch)")
    elif unowned:
        existing = series()
        num = len(existing) + 1
        name = "%04d-new-changes.patch" % num
        while os.path.exists(os.path.join(PATCHES, name)):
            num += 1
            name = "%04d-new-changes.patch" % num
        write_if_changed(os.path.join(PATCHES, name),
                         NEW_PATCH_HEADER + diff_of(unowned))
        with open(SERIES, "a") as f:
            f.write(name + "\n")
        rewritten.append(name)
        log("edits to %s went into new patch patches/%s: rename it and "
            "describe it" % (", ".join(unowned), name))

    if CHECK:
        git("reset", "-q")    # drop the intent-to-add entries
        if rewritten or copied:
            log("out of date: %s" % ", ".join(
                ["patches/" + n for n in rewritten] +
                (["%d overlay file(s)" % copied] if copied else [])))
            return 1
        log("patches/ and the overlay match build/src")
        return 0
    # Bring overlay files changed or removed in the repository since the
    # last assemble into the tree too, so that it matches the overlay and
    # patches/ whose digest the series commit records.
    # A copy gets a new mtime, not the overlay file's: an edit older than
    # the last build would otherwise look built to ninja (it happened: an
    # overlay edit made before a build of the old tree was never compiled).
    overlay = set(overlay_files())
    for rel in overlay:
        if read_bytes(os.path.join(TOP, rel)) != read_bytes(os.path.join(SRC, rel)):
            os.makedirs(os.path.dirname(os.path.join(SRC, rel)), exist_ok=True)
            shutil.copy(os.path.join(TOP, rel), os.path.join(SRC, rel))
    for rel in git("ls-files", "-z").split("\0"):
        if rel and rel not in base_files and rel not in overlay:
            os.remove(os.path.join(SRC, rel))
    # Record the tree as the series commit again, so that assemble sees the
    # overlay and patches/ it was made from and leaves the tree alone.
    git("add", "-A", "-f")
    git("commit", "-q", "--no-verify", "--amend", "--allow-empty", "-m",
        "series: overlay files and patches/\n\n%s%s" %
        (DIGEST_TRAILER, inputs_digest()))
    if rewritten:
        log("rewrote %s" % ", ".join("patches/" + n for n in rewritten))
    if not rewritten and not copied:
        log("patches/ and the overlay already match build/src")
    return 0


if __name__ == "__main__":
    CHECK = "--check" in sys.argv[1:]
    try:
        sys.exit(main())
    except Fatal as e:
        print("patches: error: %s" % e, file=sys.stderr)
        sys.exit(1)
