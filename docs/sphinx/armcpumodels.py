# SPDX-License-Identifier: GPL-2.0-or-later
#
# Copyright (c) 2026 The arm-cpu-models authors
"""armcpumodels: a Sphinx extension for the table of the named Arm CPU models

The directive

    .. arm-cpu-models-table::

inserts the table of every named Arm CPU model and its ID registers, as
scripts/gen-arm-models.py --doc generates it from target/arm/models/ when
the docs are built: the table is never checked in, so it cannot drift
from the model files. The model files are dependencies of the document,
so that a new or changed model rebuilds it.
"""

import os
import subprocess
import sys
import tempfile

from docutils.parsers.rst import Directive
from docutils.statemachine import ViewList
from sphinx.errors import ExtensionError
from sphinx.util.docutils import switch_source_input
from sphinx.util.nodes import nested_parse_with_titles
from docutils import nodes

__version__ = '1.0'


def read_depfile(path):
    """The inputs a make rule lists (one target, backslash-continued)."""
    with open(path) as f:
        text = f.read().replace('\\\n', ' ')
    _, _, deps = text.partition(': ')
    return [d.replace('\\ ', ' ') for d in deps.split()]


class ArmCpuModelsTableDirective(Directive):
    has_content = False
    required_arguments = 0

    def run(self):
        env = self.state.document.settings.env
        srctree = os.path.dirname(os.path.abspath(env.app.confdir))
        script = os.path.join(srctree, 'scripts', 'gen-arm-models.py')
        with tempfile.TemporaryDirectory() as tmp:
            out = os.path.join(tmp, 'cpu-models-table.rst.inc')
            dep = out + '.d'
            p = subprocess.run([sys.executable, script, '--doc',
                                '--depfile', dep, out],
                               capture_output=True, text=True)
            if p.returncode != 0:
                raise ExtensionError('%s --doc failed:\n%s' %
                                     (script, p.stderr))
            with open(out) as f:
                lines = f.read().split('\n')
            for d in read_depfile(dep):
                if os.path.isfile(d):
                    env.note_dependency(os.path.abspath(d))
        rst = ViewList()
        for i, line in enumerate(lines):
            rst.append(line, script, i)
        node = nodes.section()
        node.document = self.state.document
        with switch_source_input(self.state, rst):
            nested_parse_with_titles(self.state, rst, node)
        return node.children


def setup(app):
    app.add_directive('arm-cpu-models-table', ArmCpuModelsTableDirective)
    return dict(version=__version__, parallel_read_safe=True,
                parallel_write_safe=True)
