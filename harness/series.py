#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""Export the work as an upstream patch series against the pinned QEMU.

usage: series.py [--check] [--build none|build-files|boundaries|all]
                 [--from N] [--after LOCK] [--out DIR]

series/manifest lists the steps (see its header). From the assembled tree
(build/src: base + overlay + patches/), this builds one commit per step on
a branch "upstream-series" of build/src's repository, starting at base,
and exports it with git format-patch and series/cover-letter into
build/series/patches (or --out). The tip of the branch must equal the
assembled tree except for the patches the manifest skips.

--check then verifies the export: every patch passes scripts/checkpatch.pl
(that of the series' tip) with no error and no warning, and the series
applies with git am on a clean upstream tree to the same tree. --build
builds the tree in build/series/native (the native configuration, ccache
shared with it) at every patch ("all"), or at each patch that touches a
build file (meson.build, Kconfig, qapi schemas, trace-events) and, for
"boundaries", at the last patch too; with "all" and "boundaries" a patch
that touches target/arm/kvm* is built for an arm64 KVM host too
(build/series/cross), where that code compiles. "build-files" is what
make check runs (the tip's own builds stand for the last patch). With
"all", each boundary also runs the unit tests and qtests of the series
that it has (meson tests whose name has "arm-cpu", and arm-cpu-features),
and the time of each patch is logged. The skipped patches are applied
on top, as they are needed to build from Debian's tarball.
"""

import argparse
import concurrent.futures
import difflib
import fcntl
import fnmatch
import functools
import glob
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from treelib import (CACHE, PATCHES, SRC, TOP, Fatal, file_owners, git,  # noqa: E402
                     load_model_generator, log, patch_files, split_patch)

MANIFEST = os.path.join(TOP, "series", "manifest")
COVER = os.path.join(TOP, "series", "cover-letter")
SERIES_DIR = os.path.join(TOP, "build", "series")
BRANCH = "upstream-series"
# checkpatch.pl's verdicts, by its own and the patch's content
CHECKPATCH_CACHE = os.path.join(CACHE, "checkpatch")
KVM_FILE_RE = re.compile(r"^target/arm/kvm")
BUILD_FILE_RE = re.compile(r"(^|/)(meson\.build|Kconfig[^/]*|configure|"
                           r"trace-events|meson_options\.txt)$|^qapi/.*\.json$")


class Step:
    def __init__(self, index, subject, lineno):
        self.index = index
        self.subject = subject
        self.lineno = lineno
        self.files = []         # new files or directory prefixes (ending /)
        self.patches = []
        self.rules = []         # (path, compiled regex)
        self.model = None
        self.body = []


def expand_models(steps):
    """Each "=== models" step becomes one "model NAME" step per model file
    that no other step names, parents before children (the model
    generator's order): a new model needs no manifest line."""
    gen = load_model_generator()
    order, _, _ = gen.load_models(gen.Table())
    named = {s.model for s in steps if s.model}
    out = []
    for s in steps:
        if s.subject == "models" and not s.model:
            for m in order:
                if m.name not in named:
                    st = Step(0, None, s.lineno)
                    st.model = m.name
                    out.append(st)
        else:
            out.append(s)
    for i, s in enumerate(out):
        s.index = i
    return out


def parse_manifest(path=MANIFEST):
    skip, steps = [], []
    cur = None
    in_body = False
    with open(path) as f:
        for lineno, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            where = "%s:%d" % (os.path.relpath(path, TOP), lineno)
            if line.startswith("==="):
                text = line[3:].strip()
                cur = Step(len(steps), text, lineno)
                m = re.match(r"model\s+(\S+)$", text)
                if m:
                    cur.model = m.group(1)
                    cur.subject = None
                steps.append(cur)
                in_body = False
                continue
            if cur is None or not in_body:
                if line.startswith("#") or not line.strip():
                    if cur is not None and not line.strip():
                        in_body = True
                    continue
                m = re.match(r"(\w+):\s*(.*)$", line)
                if not m:
                    raise Fatal("%s: expected 'key: value', got %r" % (where, line))
                key, val = m.group(1), m.group(2).strip()
                if key == "skip" and cur is None:
                    skip.append(val)
                elif cur is None:
                    raise Fatal("%s: '%s:' before the first step" % (where, key))
                elif key == "files":
                    cur.files += val.split()
                elif key == "patch":
                    cur.patches.append(val)
                elif key == "lines":
                    p, _, rx = val.partition(" ")
                    cur.rules.append((p, re.compile(rx.strip())))
                elif key == "model":
                    cur.model = val
                else:
                    raise Fatal("%s: unknown key '%s' (accepted: files, patch, "
                                "lines, model; skip before the first "
                                "step)" % (where, key))
                continue
            cur.body.append(line)
    for s in steps:
        while s.body and not s.body[-1].strip():
            s.body.pop()
    return skip, steps


# ------------------------------------------------------------ assignment

def step_of_new_file(steps, path):
    owners = [s for s in steps for f in s.files
              if path == f or (f.endswith("/") and path.startswith(f))]
    owners += [s for s in steps
               if s.model and path == "target/arm/models/%s.model" % s.model]
    if len(owners) > 1:
        raise Fatal("%s belongs to several steps: %s" %
                    (path, ", ".join(repr(s.subject or s.model) for s in owners)))
    return owners[0] if owners else None


def maintainers_match(pattern, path):
    """Does a MAINTAINERS F: PATTERN cover PATH? As get_maintainer.pl: a
    directory ("dir/") covers all below it; '*' and '?' do not cross '/'."""
    if pattern.endswith("/"):
        return path.startswith(pattern)
    return maintainers_rx(pattern).match(path) is not None


@functools.lru_cache(maxsize=None)
def maintainers_rx(pattern):
    return re.compile(fnmatch.translate(pattern).replace(".*", "[^/]*"))


def maintainers_step(steps, line, new_files):
    """The step of a MAINTAINERS line: the first that brings a file the
    F: line covers."""
    m = re.match(r"F:\s*(\S+)$", line)
    if not m:
        return None
    name = m.group(1)
    hits = [step_of_new_file(steps, p) for p in new_files
            if maintainers_match(name, p)]
    hits = [h for h in hits if h]
    if not hits:
        raise Fatal("MAINTAINERS names %s, which no step brings" % name)
    return min(hits, key=lambda s: s.index)


def assign_blocks(steps, path, base, final, default, new_files):
    """Split the change of upstream file PATH into runs of lines, each with
    its step. Returns [(i1, i2, new_lines, step)] over base's lines."""
    rules = [(s, rx) for s in steps for p, rx in s.rules if p == path]

    def rule_step(line):
        if path == "MAINTAINERS":
            return maintainers_step(steps, line, new_files)
        hits = [s for s, rx in rules if rx.search(line)]
        if len(hits) > 1:
            raise Fatal("%s: %r matches the rules of several steps" % (path, line))
        return hits[0] if hits else None

    out = []
    sm = difflib.SequenceMatcher(None, base, final, autojunk=False)
    for tag, i1, i2, j1, j2 in sm.get_opcodes():
        if tag == "equal":
            continue
        new = final[j1:j2]
        if tag == "insert":
            # A run starts at each line a rule claims
            runs = []
            for ln in new:
                st = rule_step(ln)
                if st is not None or not runs:
                    runs.append([st, [ln]])
                else:
                    runs[-1][1].append(ln)
            if path == "MAINTAINERS" and runs and runs[0][0] is None:
                # A new section's title and maintainers come with its
                # first file
                firsts = [st for st, _ in runs if st]
                runs[0][0] = min(firsts, key=lambda s: s.index) if firsts else None
            for k, (st, lines) in enumerate(runs):
                st = st or default
                if st is None and not any(ln.strip() for ln in lines):
                    # blank lines go with what precedes, or at the start
                    # of a block with what follows
                    if out:
                        st = out[-1][3]
                    elif k + 1 < len(runs):
                        st = runs[k + 1][0]
                if st is None:
                    raise Fatal("%s: no step owns the added line %r" % (path, lines[0]))
                out.append((i1, i1, lines, st))
            continue
        # A removal or replacement: a rule may match what goes or what comes
        hits = [rule_step(ln) for ln in base[i1:i2] + new]
        hits = [h for h in hits if h]
        if len({h.index for h in hits}) > 1:
            # one block cannot go to two steps: the earlier one would get a
            # line that names what only the later one brings
            raise Fatal("%s: the change of lines %d-%d has lines of several steps "
                        "(%s): make the edit insertions, one owner per line"
                        % (path, i1 + 1, i2,
                           ", ".join(sorted({h.subject or h.model for h in hits}))))
        st = min(hits, key=lambda s: s.index) if hits else default
        if st is None:
            raise Fatal("%s: no step owns the change of lines %d-%d" % (path, i1 + 1, i2))
        out.append((i1, i2, new, st))
    return out


def new_file_blocks(steps, path, final, owner):
    """The lines of new file PATH that "lines:" rules split between steps,
    as blocks over an empty base: the lines before the first match go to
    OWNER, the step that brings the file, as do the runs its own rules
    start; OWNER comes before any other step with lines of it (a test
    file's later cases, say)."""
    blocks = assign_blocks(steps, path, [], final, owner, [])
    early = sorted({b[3].subject or b[3].model for b in blocks
                    if b[3].index < owner.index})
    if early:
        raise Fatal("%s: step(s) %s have lines of it, but '%s', a later step, "
                    "brings it" % (path, ", ".join(repr(e) for e in early),
                                   owner.subject or owner.model))
    return blocks


def content_at(base, blocks, index):
    """Base's lines with the blocks of steps up to INDEX applied."""
    out, pos = [], 0
    for i1, i2, new, st in blocks:
        if st.index > index:
            continue
        out += base[pos:i1]
        out += new
        pos = i2
    out += base[pos:]
    return out


# ------------------------------------------------------------ building

def read_lines(rev, path):
    text = git("show", "%s:%s" % (rev, path))
    return text.split("\n")


def step_words(step, model_words):
    """The subject and body of a step's commit: a step that is only a
    model takes the model's words; one that brings a model with other
    things keeps its own and appends the model's body."""
    if model_words is None:
        return step.subject, list(step.body)
    if step.subject:
        return step.subject, list(step.body) + [""] + model_words[1]
    return model_words


def model_message(tree, name):
    path = os.path.join(tree, "target", "arm", "models", name + ".model")
    about, parent, note = [], None, None
    with open(path) as f:
        for line in f:
            if line.startswith("#"):
                text = line[1:].strip()
                if "SPDX-License-Identifier" not in text:
                    about.append(text)
                continue
            m = re.match(r"(parent|note)\s+(.*)$", line.strip())
            if m and m.group(1) == "parent":
                parent = m.group(2)
            elif m:
                note = m.group(2)
    while about and not about[0]:
        about.pop(0)
    dump = subprocess.run([sys.executable, "scripts/gen-arm-models.py",
                           "--dump", name], cwd=tree, text=True,
                          capture_output=True)
    if dump.returncode != 0:
        raise Fatal("gen-arm-models.py --dump %s failed:\n%s" % (name, dump.stderr))
    subject = "target/arm: the %s CPU model" % name
    body = ["%s%s." % (note, ", derived from %s" % parent if parent else "")]
    body += [""] + about if about else []
    body += ["", "Its ID registers (scripts/gen-arm-models.py --dump %s):" % name, ""]
    body += ["    " + ln if ln else "" for ln in dump.stdout.rstrip("\n").split("\n")]
    return subject, body


def identity():
    """The author of this repository's last commit, and its date: the same
    series from the same commit, whatever machine exports it."""
    name, email, date = git("log", "-1", "--format=%an%x00%ae%x00%cI",
                            cwd=TOP).strip().split("\0")
    return name, email, date


def check_maintainers(new_files, base_files, section="Arm named CPU models"):
    """Every new file is named in our MAINTAINERS section, and no file
    upstream has is (a glob too wide would claim it)."""
    text = git("show", "HEAD:MAINTAINERS")
    m = re.search(r"^%s\n((?:[A-Z]:.*\n)+)" % re.escape(section), text, re.M)
    if not m:
        raise Fatal("MAINTAINERS has no section '%s'" % section)
    names = re.findall(r"^F:\s*(\S+)$", m.group(1), re.M)
    lost = [p for p in new_files
            if not any(maintainers_match(n, p) for n in names)]
    if lost:
        raise Fatal("MAINTAINERS section '%s' does not name: %s" %
                    (section, ", ".join(lost)))
    wide = ["%s (%s)" % (n, p) for n in names for p in base_files
            if maintainers_match(n, p)]
    if wide:
        raise Fatal("MAINTAINERS section '%s' claims files upstream has: %s"
                    % (section, ", ".join(wide[:10])))


def fresh_worktree(work, rev, branch=None):
    """A worktree of build/src's repository at WORK with exactly REV's
    tree (on BRANCH, reset to REV, if given). One that is there already is
    reset and cleaned: checking all of QEMU out again takes some 25 s,
    rewriting the files that changed since its last use far less."""
    where = ["-B", branch] if branch else ["--detach"]
    if os.path.isfile(os.path.join(work, ".git")):
        git("am", "--abort", cwd=work, check=False)     # a failed git am's
        try:
            git("checkout", "-q", "-f", *where, rev, cwd=work)
            git("clean", "-q", "-ffdx", cwd=work)
            return
        except Fatal:
            pass        # not a worktree of this repository any more
    if os.path.exists(work):
        git("worktree", "remove", "--force", work, check=False)
        shutil.rmtree(work, ignore_errors=True)
    git("worktree", "prune")
    git("worktree", "add", "-q", "--force", *where, work, rev)


def build_branch(skip, steps, work):
    owners = file_owners()
    changed = [ln.split("\t") for ln in
               git("diff", "--name-status", "--no-renames", "base", "HEAD").splitlines()]
    skipped_files = set()
    for name in skip:
        with open(os.path.join(PATCHES, name)) as f:
            skipped_files |= set(patch_files(f.read()))
    new_files = sorted(p for st, p in changed if st == "A")
    upstream = sorted(p for st, p in changed if st == "M" and p not in skipped_files)
    if any(st not in ("A", "M") for st, _ in changed):
        raise Fatal("the series can only add and modify files")

    check_maintainers(new_files, git("ls-tree", "-r", "--name-only",
                                     "base").split("\n"))
    lost = [p for p in new_files if step_of_new_file(steps, p) is None]
    if lost:
        raise Fatal("new files that no step of series/manifest brings: %s" % ", ".join(lost))
    for s in steps:
        for f in s.files:
            if not any(p == f or (f.endswith("/") and p.startswith(f)) for p in new_files):
                raise Fatal("series/manifest: step '%s' lists %s, which the tree does "
                            "not add" % (s.subject, f))
        for p in s.patches:
            if not os.path.isfile(os.path.join(PATCHES, p)):
                raise Fatal("series/manifest: no patch %s" % p)
    by_patch = {p: s for s in steps for p in s.patches}
    blocks = {}
    # new files that "lines:" rules split between steps
    split_new = sorted({p for s in steps for p, _ in s.rules if p in new_files})
    for path in split_new:
        blocks[path] = ([], new_file_blocks(steps, path, read_lines("HEAD", path),
                                            step_of_new_file(steps, path)))
    for path in upstream:
        default = by_patch.get(owners.get(path))
        blocks[path] = (read_lines("base", path),
                        assign_blocks(steps, path, read_lines("base", path),
                                      read_lines("HEAD", path), default, new_files))

    name, email, date = identity()
    env = {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    fresh_worktree(work, "base", BRANCH)

    def wgit(*args):
        return git(*args, cwd=work, env=env)

    for s in steps:
        written = []
        for p in new_files:
            if step_of_new_file(steps, p) is s and p not in split_new:
                dst = os.path.join(work, p)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                shutil.copy2(os.path.join(SRC, p), dst)
                written.append(p)
        for path, (base, blk) in blocks.items():
            if any(b[3] is s for b in blk):
                written.append(path)
                dst = os.path.join(work, path)
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                with open(dst, "w") as f:
                    f.write("\n".join(content_at(base, blk, s.index)))
                if path in split_new:
                    shutil.copymode(os.path.join(SRC, path), dst)
        subject, body = step_words(
            s, model_message(work, s.model) if s.model else None)
        if not body and s.patches:
            with open(os.path.join(PATCHES, s.patches[0])) as f:
                header, _ = split_patch(f.read())
            lines = header.rstrip("\n").split("\n")
            if lines[0].startswith("Subject:"):
                lines = lines[1:]
            body = [ln for ln in lines]
            while body and not body[0].strip():
                body.pop(0)
        if not body:
            raise Fatal("series/manifest:%d: step '%s' has no description" %
                        (s.lineno, subject))
        msg = "%s\n\n%s\n\nSigned-off-by: %s <%s>\n" % (
            subject, "\n".join(body), name, email)
        # what this step wrote (git add -A would look at all of QEMU's files)
        if written:
            wgit("add", "--", *written)
        if not wgit("diff", "--cached", "--name-only").strip():
            raise Fatal("step '%s' changes nothing" % subject)
        p = subprocess.run(["git", "commit", "-q", "--no-verify", "-F", "-"],
                           cwd=work, input=msg, text=True, capture_output=True,
                           env=dict(os.environ, **env))
        if p.returncode != 0:
            raise Fatal("committing step '%s' failed: %s" % (subject, p.stderr))

    # The tip must be the assembled tree, but for the skipped patches
    left = [p for p in git("diff", "--name-only", BRANCH, "HEAD").split()
            if p not in skipped_files]
    if left:
        raise Fatal("the series' tip differs from build/src in: %s" % ", ".join(left))
    return skipped_files


def fill_patch_numbers(text):
    """The cover letter names patches by "{patches:REGEX}", which becomes
    the numbers of the patches whose subject REGEX matches ("7, 17-28"),
    so that a new model or step does not leave stale numbers."""
    subjects = git("log", "--reverse", "--format=%s", "base..%s" % BRANCH).split("\n")

    def numbers(m):
        rx = re.compile(m.group(1))
        hits = [i + 1 for i, subj in enumerate(subjects) if rx.search(subj)]
        if not hits:
            raise Fatal("series/cover-letter: no patch matches {patches:%s}" % m.group(1))
        runs = []
        for n in hits:
            if runs and runs[-1][1] == n - 1:
                runs[-1][1] = n
            else:
                runs.append([n, n])
        return ", ".join("%d" % a if a == b else "%d-%d" % (a, b) for a, b in runs)

    return re.sub(r"\{patches:([^}]+)\}", numbers, text)


def export(out):
    if os.path.exists(out):
        shutil.rmtree(out)
    git("format-patch", "-q", "--cover-letter", "--no-signature",
        "--subject-prefix=PATCH", "-o", out, "base..%s" % BRANCH)
    with open(COVER) as f:
        cover = f.read().rstrip("\n").split("\n")
    subject, blurb = cover[0], "\n".join(cover[1:]).strip("\n")
    blurb = fill_patch_numbers(blurb)
    cl = os.path.join(out, "0000-cover-letter.patch")
    with open(cl) as f:
        text = f.read()
    if "*** SUBJECT HERE ***" not in text or "*** BLURB HERE ***" not in text:
        raise Fatal("git format-patch wrote a cover letter without placeholders")
    text = text.replace("*** SUBJECT HERE ***", subject)
    text = text.replace("*** BLURB HERE ***", blurb)
    with open(cl, "w") as f:
        f.write(text)
    return sorted(os.path.join(out, n) for n in os.listdir(out) if n.endswith(".patch"))


# ------------------------------------------------------------ checks

MAINTAINERS_WARNING = "added, moved or deleted file(s):"


def added_files(patch_text):
    return re.findall(r"^diff --git a/\S+ b/(\S+)\nnew file mode", patch_text, re.M)


def maintainers_patterns(tree, section="Arm named CPU models"):
    with open(os.path.join(tree, "MAINTAINERS")) as f:
        text = f.read()
    m = re.search(r"^%s\n((?:[A-Z]:.*\n)+)" % re.escape(section), text, re.M)
    return re.findall(r"^F:\s*(\S+)$", m.group(1), re.M) if m else []


def checkpatch_key(text):
    """What of a patch checkpatch.pl's verdict depends on: all but its
    first line (the commit's name) and its Date: header, which follow the
    date of this repository's last commit (identity()), so that a new
    commit of the harness alone does not make every patch checked anew."""
    head, sep, body = text.split(b"\n", 1)[1].partition(b"\n\n")
    head = b"\n".join(ln for ln in head.split(b"\n") if not ln.startswith(b"Date: "))
    return head + sep + body


def checkpatch(tree, patches):
    """checkpatch.pl on every patch: 0 errors and 0 warnings, but for its
    question whether MAINTAINERS needs updating, which a patch that adds
    files under an F: pattern of the series' section (a glob a previous
    patch brought) answers: it does not. That is checked here instead."""
    bad = []
    patterns = maintainers_patterns(tree)
    patches = [p for p in patches if not os.path.basename(p).startswith("0000-")]

    with open(os.path.join(tree, "scripts", "checkpatch.pl"), "rb") as f:
        script = f.read()
    os.makedirs(CHECKPATCH_CACHE, exist_ok=True)

    def run(p):
        """(exit status, output) of checkpatch.pl on P, or of the run on
        the same patch by the same checkpatch.pl that the cache kept"""
        with open(p, "rb") as f:
            text = f.read()
        key = hashlib.sha256(script + b"\0" + checkpatch_key(text)).hexdigest()
        cached = os.path.join(CHECKPATCH_CACHE, key + ".json")
        try:
            with open(cached) as f:
                rc, out = json.load(f)
            os.utime(cached)
            return rc, out
        except (OSError, ValueError):
            pass
        r = subprocess.run(["perl", "scripts/checkpatch.pl", p], cwd=tree,
                           text=True, capture_output=True)
        if r.returncode == 0:
            with open(cached + ".tmp", "w") as f:
                json.dump([r.returncode, r.stdout + r.stderr], f)
            os.replace(cached + ".tmp", cached)
        return r.returncode, r.stdout + r.stderr

    # one perl per core (the generated table's patch alone takes a minute)
    with concurrent.futures.ThreadPoolExecutor(os.cpu_count() or 1) as pool:
        runs = list(pool.map(run, patches))
    # what no run used for a month goes
    for n in os.listdir(CHECKPATCH_CACHE):
        path = os.path.join(CHECKPATCH_CACHE, n)
        if time.time() - os.path.getmtime(path) > 30 * 86400:
            os.unlink(path)
    for p, (rc, out) in zip(patches, runs):
        m = re.search(r"total: (\d+) errors, (\d+) warnings", out)
        warnings = re.findall(r"^WARNING: (.*)$", out, re.M)
        with open(p) as f:
            added = added_files(f.read())
        uncovered = [a for a in added
                     if not any(maintainers_match(n, a) for n in patterns)]
        answered = (m and m.group(1) == "0" and
                    all(w == MAINTAINERS_WARNING for w in warnings) and
                    len(warnings) == int(m.group(2)) and not uncovered)
        if rc != 0 and not answered or not m or not answered and \
                not re.search(r"total: 0 errors, 0 warnings", out):
            bad.append("%s:\n%s%s" % (os.path.basename(p), out.strip(),
                                      "\nnot under MAINTAINERS: %s" %
                                      ", ".join(uncovered) if uncovered else ""))
    return bad


def git_am(patches, work):
    t0 = time.monotonic()
    fresh_worktree(work, "base")
    p = subprocess.run(["git", "am", "-q", "--whitespace=error-all"] +
                       [x for x in patches if not os.path.basename(x).startswith("0000-")],
                       cwd=work, text=True, capture_output=True,
                       env=dict(os.environ, GIT_COMMITTER_NAME="am",
                                GIT_COMMITTER_EMAIL="am@invalid"))
    if p.returncode != 0:
        return "git am failed:\n%s%s" % (p.stdout, p.stderr)
    diff = git("diff", "--name-only", "HEAD", BRANCH, cwd=work).split()
    if diff:
        return "git am gave a tree that differs from the series in %s" % ", ".join(diff)
    n = len(git("rev-list", "base..HEAD", cwd=work).split())
    log("git am on a clean base: %d patches applied, the tree equals the series "
        "(%.0f s)" % (n, time.monotonic() - t0))
    return None


def wait_for(path):
    """Wait until no process holds an exclusive lock on file PATH."""
    t0 = time.monotonic()
    with open(path, "a") as f:
        fcntl.flock(f, fcntl.LOCK_SH)
    if time.monotonic() - t0 >= 1:
        log("waited %.0f s for %s" % (time.monotonic() - t0, os.path.relpath(path, TOP)))


def build_prefixes(mode, skipped_files, first=1):
    commits = git("rev-list", "--reverse", "base..%s" % BRANCH).split()
    want = []
    cross_ok = os.uname().machine != "aarch64"
    for i, c in enumerate(commits):
        files = git("diff-tree", "--no-commit-id", "--name-only", "-r", c).split()
        # The KVM code compiles only in the arm64 KVM build: a patch that
        # touches it is built that way too (on arm64 the native build is)
        kinds = ["native"]
        build_file = any(BUILD_FILE_RE.search(f) for f in files)
        if mode == "build-files":
            if build_file:
                want.append((i + 1, c, kinds))
            continue
        if cross_ok and any(KVM_FILE_RE.search(f) for f in files):
            kinds.append("cross")
        if mode == "all" or i == len(commits) - 1 or len(kinds) > 1 or build_file:
            want.append((i + 1, c, kinds))
    want = [w for w in want if w[0] >= first]
    tree = os.path.join(SERIES_DIR, "src")
    if not os.path.isdir(os.path.join(tree, ".git")) and not os.path.isfile(
            os.path.join(tree, ".git")):
        t0 = time.monotonic()
        shutil.rmtree(tree, ignore_errors=True)
        git("worktree", "prune")
        git("worktree", "add", "-q", "--force", "--detach", tree, "base")
        log("a work tree for the builds in %s (%.0f s)" %
            (os.path.relpath(tree, TOP), time.monotonic() - t0))
    env = dict(os.environ, ARMCPU_BUILD=SERIES_DIR)
    skipped = sorted(skipped_files)
    for n, c, kinds in want:
        git("checkout", "-q", "--detach", "--force", c, cwd=tree)
        # The skipped patches (Debian's tarball needs them to build), from
        # the assembled tree
        for p in skipped:
            shutil.copy2(os.path.join(SRC, p), os.path.join(tree, p))
        subj = git("log", "-1", "--format=%s", c, cwd=tree).strip()
        t0 = time.monotonic()
        for kind in kinds:
            log("building patch %d/%d (%s): %s" % (n, len(commits), kind, subj))
            r = subprocess.run(["bash", os.path.join(TOP, "harness", "build.sh"), kind],
                               env=env, text=True, capture_output=True)
            if r.returncode != 0:
                out = r.stdout + r.stderr
                # the compiler's or meson's complaint, not the end of the log
                errs = [ln for ln in out.split("\n")
                        if re.search(r"error|ERROR|FAILED", ln)][:20]
                tail = "\n".join(errs + ["..."] + out.strip().split("\n")[-30:])
                return "patch %d (%s) does not build (%s):\n%s" % (n, subj, kind, tail)
        if mode == "all":
            err = boundary_tests(n, subj)
            if err:
                return err
        log("patch %d: %.0f s" % (n, time.monotonic() - t0))
    log("built %d of %d patch boundaries: %s" %
        (len(want), len(commits),
         " ".join("%d%s" % (n, "+kvm" if len(k) > 1 else "") for n, _, k in want)))
    return None


def boundary_tests(n, subj):
    """Run the series' unit tests and qtests that the tree at patch N has,
    and its Python tests (tests/scripts/test-*.py) that meson does not
    run yet (tests/scripts/meson.build comes late in the series)."""
    native = os.path.join(SERIES_DIR, "native")
    tree = os.path.join(SERIES_DIR, "src")
    def meson_list(*args):
        out = subprocess.run(["meson", "test", "--list"] + list(args), cwd=native,
                             text=True, capture_output=True).stdout.split("\n")
        return [ln.split(" / ")[-1].strip() for ln in out if " / " in ln]

    listed = meson_list()
    # ours: by name, and the suite of tests/scripts/meson.build
    mine = set(meson_list("--suite", "arm-cpu-models"))
    names = [t for t in listed if "arm-cpu" in t or t in mine]
    if names:
        log("patch %d: %s" % (n, " ".join(names)))
        r = subprocess.run(["meson", "test", "--no-rebuild", "--print-errorlogs"] +
                           names, cwd=native, text=True, capture_output=True)
        if r.returncode != 0:
            tail = "\n".join((r.stdout + r.stderr).strip().split("\n")[-40:])
            return "patch %d (%s): its tests fail:\n%s" % (n, subj, tail)
    scripts = [p for p in sorted(glob.glob(os.path.join(tree, "tests", "scripts",
                                                        "test-*.py")))
               if os.path.basename(p)[:-3] not in listed]
    if scripts:
        log("patch %d: %s" % (n, " ".join(os.path.basename(p) for p in scripts)))
    env = dict(os.environ, QEMU=os.path.join(native, "qemu-system-aarch64"))
    for path in scripts:
        r = subprocess.run([sys.executable, path], cwd=tree, env=env, text=True,
                           capture_output=True)
        if r.returncode != 0:
            tail = "\n".join((r.stdout + r.stderr).strip().split("\n")[-40:])
            return "patch %d (%s): %s fails:\n%s" % (n, subj, os.path.basename(path),
                                                     tail)
    return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--check", action="store_true")
    ap.add_argument("--build", choices=["none", "build-files", "boundaries", "all"],
                    default="none")
    ap.add_argument("--from", dest="first", type=int, default=1, metavar="N",
                    help="build (and test) the boundaries from patch N on")
    ap.add_argument("--out", default=os.path.join(SERIES_DIR, "patches"))
    ap.add_argument("--after", metavar="LOCK",
                    help="build the boundaries once no one holds file LOCK "
                    "(make check holds it during the native build, whose "
                    "objects ccache then gives the boundaries' builds)")
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(SRC, ".git")):
        raise Fatal("build/src is not assembled; run 'make assemble' first")
    if git("status", "--porcelain", "--untracked-files=no").strip():
        raise Fatal("build/src has edits that are not in patches/ or the "
                    "overlay: run 'make patches' or 'make assemble FORCE=1'")
    skip, steps = parse_manifest()
    steps = expand_models(steps)
    t0 = time.monotonic()
    skipped_files = build_branch(skip, steps, os.path.join(SERIES_DIR, "git"))
    patches = export(a.out)
    log("exported %d patches and a cover letter to %s (%.0f s)" %
        (len(patches) - 1, os.path.relpath(a.out, TOP), time.monotonic() - t0))
    errors = []
    if a.check:
        t0 = time.monotonic()
        bad = checkpatch(os.path.join(SERIES_DIR, "git"), patches)
        errors += bad
        if not bad:
            log("checkpatch.pl: every patch clean (0 errors; no warning but "
                "whether MAINTAINERS needs updating, where it does not; %.0f s)" %
                (time.monotonic() - t0))
        err = git_am(patches, os.path.join(SERIES_DIR, "am"))
        if err:
            errors.append(err)
    if a.build != "none":
        if a.after:
            wait_for(a.after)
        err = build_prefixes(a.build, skipped_files, a.first)
        if err:
            errors.append(err)
    for e in errors:
        print("series: error: %s" % e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except Fatal as e:
        print("series: error: %s" % e, file=sys.stderr)
        sys.exit(1)
