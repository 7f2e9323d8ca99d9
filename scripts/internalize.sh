#!/usr/bin/env bash
# Moves tortoise-core's internals under dev.tortoise.internal.. (issue #10, point 5) and rewrites every reference
# in all modules of the repository: package and import statements, fully qualified names in code, resources
# (META-INF/services), docs and scripts. Idempotent: run it again on a newer main (after other branches are
# merged) and it moves what is still in the old place and rewrites what still points there; on a tree where
# everything is moved it changes nothing.
#
#   scripts/internalize.sh            # apply (uses git mv, so history follows the files)
#   scripts/internalize.sh --check    # exit 1 if anything would still change
#
# The list of what is internal is the table below; docs/api.md says why each package is API, SPI or internal.
# A type that a public signature of the API exposes must not be moved (ArchitectureTest's
# noPublicApiExposesAnInternalType fails then); such types are listed in docs/api.md as the open remainder.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
exec python3 - "$@" <<'PYTHON'
import os, re, subprocess, sys

CHECK = "--check" in sys.argv[1:]
CORE_MAIN = "tortoise-core/src/main/java"
CORE_TEST = "tortoise-core/src/test/java"

# Whole packages that are internal: every top-level type of the package (main and the core's tests in it) moves.
PACKAGE_MOVES = {
    "dev.tortoise.mapping": "dev.tortoise.internal.mapping",
    "dev.tortoise.schema": "dev.tortoise.internal.schema",
}

# Single types (with the package-private helpers only they use, and the core tests that reach into them) that
# move out of a package whose other types are API.
CLASS_MOVES = {
    # execution: the QueryEngine implementation, transactions, statement gate, pools, drivers, error translation.
    # The API types stay in dev.tortoise.execution: PoolSettings, Router, StatementEvent, StatementListener, and
    # the interfaces Transaction and Database that the internal TransactionContext and DatabaseConnection
    # implement (ModelManager.inTransaction and Tortoise.connections() show those).
    "dev.tortoise.execution.TransactionContext": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.DatabaseConnection": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.DefaultQueryEngine": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.ExceptionTranslator": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.ConnectionUrls": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.Transactions": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.DriverAliasConnectionFactoryProvider": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.Drivers": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.PostgresErrorDetails": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.ConvertingResult": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.OffloadingConnectionFactory": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.PoolRelease": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.SessionTimeouts": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.SettlingRows": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.StatementGate": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.SpringTransactions": "dev.tortoise.internal.execution",
    # core tests of the moved types
    "dev.tortoise.execution.PoolReleaseTest": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.PoolSettingsTest": "dev.tortoise.internal.execution",
    "dev.tortoise.execution.SpringAbsentTest": "dev.tortoise.internal.execution",
    # relation: the joins, holder queries and prefetch behind the holders; the holders stay API.
    "dev.tortoise.relation.Relations": "dev.tortoise.internal.relation",
    "dev.tortoise.relation.RelationLoader": "dev.tortoise.internal.relation",
    "dev.tortoise.relation.SubqueryValue": "dev.tortoise.internal.relation",
    "dev.tortoise.relation.ThroughKey": "dev.tortoise.internal.relation",
    # model: the parser of lookup paths ("tournament__name__icontains"); an instance's bookkeeping (reached through
    # internal.model.Instances, which Model grants its private fields), the open runtimes, the ports through which
    # model sees the relation holders, attribute accessors, and the binding of instances to their runtime (which a
    # private object of Tortoise implements; ModelSchemas and the Jackson module take a ModelRegistry). ComputedValue
    # is API.
    "dev.tortoise.model.LookupPath": "dev.tortoise.internal.model",
    "dev.tortoise.model.ModelState": "dev.tortoise.internal.model",
    "dev.tortoise.model.ModelBindings": "dev.tortoise.internal.model",
    "dev.tortoise.model.RelationHolder": "dev.tortoise.internal.model",
    "dev.tortoise.model.KeyHolder": "dev.tortoise.internal.model",
    "dev.tortoise.model.Accessor": "dev.tortoise.internal.model",
    "dev.tortoise.model.InstanceBinding": "dev.tortoise.internal.model",
    # query: the QueryEngine port (compiled queries, result shapes, operations), prefetch specs, instance writes
    # and their statement templates and lifecycle hooks. Manager, QuerySet, ValuesQuery, Prefetch and the opaque
    # handles ManagerContext and QueryState stay API; internal code reaches the handles through QueryAccess.
    "dev.tortoise.query.QueryEngine": "dev.tortoise.internal.query",
    "dev.tortoise.query.CompiledQuery": "dev.tortoise.internal.query",
    "dev.tortoise.query.ResultShape": "dev.tortoise.internal.query",
    "dev.tortoise.query.Operation": "dev.tortoise.internal.query",
    "dev.tortoise.query.PrefetchSpec": "dev.tortoise.internal.query",
    "dev.tortoise.query.LifecycleHooks": "dev.tortoise.internal.query",
    "dev.tortoise.query.Persistence": "dev.tortoise.internal.query",
    "dev.tortoise.query.ModelTemplates": "dev.tortoise.internal.query",
    # expression: the strategies a QueryContext is made with (relation joins, subquery compilation); QueryContext
    # itself stays SPI, made through ExpressionAccess.
    "dev.tortoise.expression.RelationJoiner": "dev.tortoise.internal.expression",
    "dev.tortoise.expression.SubquerySource": "dev.tortoise.internal.expression",
}

# Public types used only inside their own package: made package-private in place.
HIDE = [
]

TEXT_EXT = (".java", ".md", ".xml", ".properties", ".yml", ".yaml", ".json", ".imports", ".factories", ".sh",
            ".txt", ".kt", ".groovy", ".mmd", ".dot", ".puml")
SKIP_DIRS = {".git", "target", "node_modules", ".mvn", ".idea"}


def sh(*args):
    subprocess.run(args, check=True)


def write(path, text):
    if not CHECK:
        open(path, "w", encoding="utf-8").write(text)


IMPORT_BLOCK = re.compile(r"^import\s[^\n]*;\n(?:(?:import\s[^\n]*;|)\n)*", re.M)


def sort_imports(text):
    """The import block as the code base writes it: static imports sorted, a blank line, the others sorted."""
    m = IMPORT_BLOCK.search(text)
    if not m:
        return text
    lines = [l for l in m.group(0).split("\n") if l.strip()]
    stat = sorted({l for l in lines if l.startswith("import static ")})
    plain = sorted({l for l in lines if not l.startswith("import static ")})
    block = "\n".join(stat) + ("\n\n" if stat and plain else "") + "\n".join(plain) + "\n"
    trailing = m.group(0)[len(m.group(0).rstrip("\n")) + 1:]
    return text[:m.start()] + block + trailing + text[m.end():]


def all_files():
    for root, dirs, files in os.walk("."):
        dirs[:] = [d for d in dirs if d not in SKIP_DIRS]
        for f in files:
            p = os.path.join(root, f)[2:]
            if f.endswith(TEXT_EXT) or "/META-INF/services/" in p:
                yield p


def java_path(src_root, fqn):
    return os.path.join(src_root, fqn.replace(".", "/") + ".java")


def pkg_of(fqn):
    return fqn.rsplit(".", 1)[0]


def simple(fqn):
    return fqn.rsplit(".", 1)[1]


# ---------------------------------------------------------------- the full list of type moves (old fqn -> new fqn)
moves = {}
for old, new in PACKAGE_MOVES.items():
    for src_root in (CORE_MAIN, CORE_TEST):
        for base in (old, new):  # the types still in the old place and those already moved (idempotence)
            d = os.path.join(src_root, base.replace(".", "/"))
            if os.path.isdir(d):
                for f in sorted(os.listdir(d)):
                    if f.endswith(".java") and f != "package-info.java":
                        moves[old + "." + f[:-5]] = new + "." + f[:-5]
for old, newpkg in CLASS_MOVES.items():
    moves[old] = newpkg + "." + simple(old)

changed = []

# ---------------------------------------------------------------- 1. move the files
for src_root in (CORE_MAIN, CORE_TEST):
    for old, new in PACKAGE_MOVES.items():
        info = os.path.join(src_root, old.replace(".", "/"), "package-info.java")
        if os.path.exists(info):
            moves_info = os.path.join(src_root, new.replace(".", "/"), "package-info.java")
            changed.append(info)
            if not CHECK:
                os.makedirs(os.path.dirname(moves_info), exist_ok=True)
                sh("git", "mv", info, moves_info)
    for old, new in sorted(moves.items()):
        src, dst = java_path(src_root, old), java_path(src_root, new)
        if os.path.exists(src):
            changed.append(src)
            if not CHECK:
                os.makedirs(os.path.dirname(dst), exist_ok=True)
                sh("git", "mv", src, dst)
if CHECK and changed:
    print("would move:", *changed, sep="\n  ")
    sys.exit(1)

# ---------------------------------------------------------------- 2. rewrite qualified names everywhere
subs = []
for old, new in PACKAGE_MOVES.items():
    subs.append((re.compile(r"(?<![\w.])" + re.escape(old) + r"(?![\w])"), new))
    subs.append((re.compile(r"(?<![\w/])" + re.escape(old.replace(".", "/")) + r"(?=/)"), new.replace(".", "/")))
for old, new in sorted(moves.items()):
    if pkg_of(old) in PACKAGE_MOVES:
        continue
    subs.append((re.compile(r"(?<![\w.])" + re.escape(old) + r"(?![\w])"), new))
    subs.append((re.compile(r"(?<![\w/])" + re.escape(old.replace(".", "/")) + r"(?![\w])"), new.replace(".", "/")))

for path in all_files():
    if path.startswith("scripts/internalize.sh"):
        continue
    try:
        text = open(path, encoding="utf-8").read()
    except (UnicodeDecodeError, FileNotFoundError):
        continue
    out = text
    for rx, rep in subs:
        out = rx.sub(rep, out)
    if out != text:
        changed.append(path)
        write(path, out)

# ---------------------------------------------------------------- 3. package lines and imports of same-package names
STRIP = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"', re.S)
new_of_simple = {}
for old, new in moves.items():
    new_of_simple.setdefault(simple(old), []).append((old, new))


def types_in(pkg):
    out = set()
    for src_root in (CORE_MAIN, CORE_TEST):
        d = os.path.join(src_root, pkg.replace(".", "/"))
        if os.path.isdir(d):
            out |= {f[:-5] for f in os.listdir(d) if f.endswith(".java") and f != "package-info.java"}
    return out


java_files = [p for p in all_files() if p.endswith(".java")]
for path in java_files:
    text = open(path, encoding="utf-8").read()
    m = re.search(r"^package\s+([\w.]+)\s*;", text, re.M)
    if not m:
        continue
    pkg = m.group(1)
    # the package a moved file now lives in
    for src_root in (CORE_MAIN, CORE_TEST):
        if path.startswith(src_root + "/"):
            want = os.path.dirname(path)[len(src_root) + 1:].replace("/", ".")
            if want != pkg:
                text = text[:m.start(1)] + want + text[m.end(1):]
                pkg = want
    body = STRIP.sub("", text)
    imports = set(re.findall(r"^import\s+([\w.]+)\s*;", text, re.M))
    wild = set(re.findall(r"^import\s+([\w.]+)\.\*\s*;", text, re.M))
    needed = []
    # a type that moved away from this file's package (or from a package this file imports with *)
    for name, pairs in new_of_simple.items():
        for old, new in pairs:
            if pkg_of(new) == pkg or new in imports or pkg_of(new) in wild:
                continue
            if (pkg_of(old) == pkg or pkg_of(old) in wild) and re.search(r"(?<![\w.])" + name + r"\b", body):
                needed.append(new)
    # a moved file that uses the types it shared a package with
    olds = [old for old, new in moves.items() if pkg_of(new) == pkg and simple(old) == os.path.basename(path)[:-5]]
    if olds:
        oldpkg = pkg_of(olds[0])
        for name in sorted(types_in(oldpkg)):
            fqn = oldpkg + "." + name
            if fqn not in imports and re.search(r"(?<![\w.])" + name + r"\b", body):
                needed.append(fqn)
    # an import of a type of the file's own package (a type that moved into it) is redundant
    own = [im for im in imports if pkg_of(im) == pkg]
    for im in own:
        text = re.sub(r"^import\s+" + re.escape(im) + r"\s*;\n", "", text, flags=re.M)
    imports -= set(own)
    needed = sorted(set(n for n in needed if n not in imports))
    if needed:
        lines = "".join("import " + n + ";\n" for n in needed)
        last = None
        for im in re.finditer(r"^import\s+[\w.*]+\s*;\n", text, re.M):
            last = im
        if last:
            text = text[:last.end()] + lines + text[last.end():]
        else:
            pm = re.search(r"^package\s+[\w.]+\s*;\n", text, re.M)
            text = text[:pm.end()] + "\n" + lines + text[pm.end():]
    # a file that names an internal type, or that got imports here, keeps its imports sorted after the rewrites
    if needed or "import dev.tortoise.internal." in text:
        text = sort_imports(text)
    orig = open(path, encoding="utf-8").read()
    if text != orig:
        if path not in changed:
            changed.append(path)
        write(path, text)

# ---------------------------------------------------------------- 4. public types used only in their own package
for fqn in HIDE:
    for src_root in (CORE_MAIN,):
        p = java_path(src_root, fqn)
        if not os.path.exists(p):
            continue
        text = open(p, encoding="utf-8").read()
        out = re.sub(r"^public\s+((?:(?:final|abstract|sealed|non-sealed)\s+)*(?:class|interface|enum|record|@interface)\s+"
                     + simple(fqn) + r"\b)", r"\1", text, count=1, flags=re.M)
        if out != text:
            changed.append(p)
            write(p, out)

if CHECK:
    print("internalize --check: %d file(s) would change" % len(changed), *changed, sep="\n  ")
    sys.exit(1 if changed else 0)
print("internalize: %d file(s) changed" % len(changed))
PYTHON
