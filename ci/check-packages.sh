#!/usr/bin/env bash
# The CI check of a change to kpt packages, called by ci/github/focom-kpt.yml and
# ci/gitlab/focom-kpt.gitlab-ci.yml. Usage: ci/check-packages.sh BASE
#
# Run inside the git repository of the packages. Every package a file changed since BASE (a
# commit; the merge base with HEAD is used; all zeros, as CI gives for a new branch: every file)
# belongs to, the nearest Kptfile above it, is checked:
#   1. kpt fn eval PACKAGE --exec bin/validate-template-params  (the parameters, whatever the pipeline)
#   2. kpt fn render PACKAGE                                      (the package's own pipeline)
#   3. the render changed nothing: what was committed is what the pipeline renders (a change to
#      a request whose generated/ files were not rendered and committed with it fails here)
# then kpt-results turns both results files into the platform's annotations. Exit code 1 when a
# step fails or a result is an error, 0 when every package is clean (or none changed), 2 when
# the check cannot run. A Kptfile at the repository's root is not a package to render here:
# rendering it would render every package below it.
#
# Environment:
#   FOCOM_HOME   the FoCoM functions' checkout, built (npm ci && npm run build): its bin/ holds
#                the functions and kpt-results; kpt runs there, since Kptfile exec paths
#                (./bin/...) resolve against kpt's working directory (default: this script's repository)
#   FORMAT       github (workflow commands on stdout, and all else there too), gitlab or sarif (a report file); default
#                github, gitlab under GitLab CI
#   REPORT       where gitlab and sarif write (default gl-code-quality-report.json, focom-kpt.sarif)
#   SARIF        also write SARIF 2.1.0 here, for GitHub code scanning (default: none)
#   RESULTS_DIR  keep kpt's results files here, one folder per package and step (default: a
#                temporary folder, removed)
#   KPT          the kpt executable (default kpt)
#   REQUIRE_RENDERED  1 (default): fail when the render changes the package; 0: report it only
set -uo pipefail

say() { printf 'check-packages: %s\n' "$*" >&2; }

if [ $# -ne 1 ] || [ -z "$1" ]; then
  say "usage: ci/check-packages.sh BASE (the commit the change is compared with)"
  exit 2
fi
base=$1
script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
focom_home=$(cd "${FOCOM_HOME:-$script_dir/..}" && pwd) || exit 2
kpt=${KPT:-kpt}
if [ -n "${FORMAT:-}" ]; then format=$FORMAT
elif [ "${GITLAB_CI:-}" = true ]; then format=gitlab
else format=github; fi
case $format in
  github) report= ;;
  gitlab) report=${REPORT:-gl-code-quality-report.json} ;;
  sarif) report=${REPORT:-focom-kpt.sarif} ;;
  *) say "FORMAT must be github, gitlab or sarif, not '$format'"; exit 2 ;;
esac
# GitHub reads workflow commands from the step's output: one stream keeps the pauses below in
# order with what kpt prints (two pipes would not).
if [ "$format" = github ]; then exec 2>&1; fi
for tool in "$focom_home/bin/validate-template-params" "$focom_home/bin/kpt-results"; do
  if [ ! -x "$tool" ]; then say "$tool is missing: build the functions (npm ci && npm run build in $focom_home)"; exit 2; fi
done

repo=$(git rev-parse --show-toplevel) || exit 2
cd "$repo" || exit 2
if [[ $base =~ ^0+$ ]]; then
  # No commit before this one (a new branch): compare with the empty tree, so every file counts.
  changes=("$(git hash-object -t tree /dev/null)" HEAD)
elif git rev-parse --verify --quiet "$base^{commit}" >/dev/null; then
  changes=("$base...HEAD")
else
  say "the base $base is not a commit of this clone (fetch it, or the whole history: fetch-depth 0)"
  exit 2
fi

# The packages the change touches: for each changed path (deleted ones too), the nearest folder
# above it with a Kptfile, below the root. -z: any file name, newlines included, is one path.
declare -A seen=()
packages=()
while IFS= read -r -d '' path; do
  dir=$(dirname -- "$path")
  while [ "$dir" != . ] && [ "$dir" != / ]; do
    if [ -f "$dir/Kptfile" ]; then
      if [ -z "${seen[$dir]:-}" ]; then seen[$dir]=1; packages+=("$dir"); fi
      break
    fi
    dir=$(dirname -- "$dir")
  done
done < <(git diff --name-only -z --no-renames "${changes[@]}" --)

if [ ${#packages[@]} -eq 0 ]; then
  say "no package changed since $base"
  case $format in
    gitlab) echo '[]' >"$report" ;;
    sarif) printf '%s\n' '{"$schema":"https://json.schemastore.org/sarif-2.1.0.json","version":"2.1.0","runs":[{"tool":{"driver":{"name":"focom-kpt","rules":[]}},"results":[]}]}' >"$report" ;;
  esac
  exit 0
fi
mapfile -t packages < <(printf '%s\n' "${packages[@]}" | LC_ALL=C sort)

if [ -n "${RESULTS_DIR:-}" ]; then
  mkdir -p "$RESULTS_DIR" && results=$(cd "$RESULTS_DIR" && pwd) || exit 2
else
  results=$(mktemp -d) || exit 2
  trap 'rm -rf "$results"' EXIT
fi

# kpt echoes the functions' stderr, which quotes the package's text: on GitHub no line of it may
# be read as a workflow command (an annotation, a mask, an output). The token ends the pause and
# is unguessable, so the package cannot end it. https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands#stopping-and-starting-workflow-commands
pause_commands() { if [ "$format" = github ]; then stop_token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n'); echo "::stop-commands::$stop_token"; fi; }
resume_commands() { if [ "$format" = github ]; then echo "::$stop_token::"; fi; }

# What the work tree holds for a package beside HEAD: its changes and its new files.
package_state() { { git diff --no-ext-diff --binary HEAD -- "$1"; git ls-files --others --exclude-standard -- "$1"; } | git hash-object --stdin; }

failed=0
converter_args=()
n=0
for pkg in "${packages[@]}"; do
  n=$((n + 1))
  out="$results/$n"
  mkdir -p "$out/eval" "$out/render"
  pause_commands
  say "$pkg: kpt fn eval --exec bin/validate-template-params"
  # stdout: the package as a ResourceList, not written back; eval checks, render is what writes.
  if ! (cd "$focom_home" && "$kpt" fn eval "$repo/$pkg" --exec "$focom_home/bin/validate-template-params" \
    --results-dir "$out/eval" -o stdout >/dev/null); then
    failed=1
  fi
  say "$pkg: kpt fn render"
  before=$(package_state "$pkg")
  if ! (cd "$focom_home" && "$kpt" fn render "$repo/$pkg" --allow-exec --results-dir "$out/render" >&2); then
    failed=1
  elif [ "$(package_state "$pkg")" != "$before" ]; then
    say "$pkg: the committed package is not what it renders to: run kpt fn render on it and commit the result. The render changed:"
    git status --porcelain --untracked-files=all -- "$pkg" >&2
    if [ "${REQUIRE_RENDERED:-1}" != 0 ]; then failed=1; fi
  fi
  for step in eval render; do
    if [ -f "$out/$step/results.yaml" ]; then converter_args+=("--package=$pkg" "$out/$step/results.yaml")
    else say "$pkg: kpt fn $step wrote no results"; failed=1; fi
  done
  # The package's name is the change's text too: it is printed only while commands are paused.
  resume_commands
done

say "kpt-results --format $format"
if [ ${#converter_args[@]} -gt 0 ]; then
  if [ -n "$report" ]; then "$focom_home/bin/kpt-results" --format "$format" "${converter_args[@]}" >"$report"
  else "$focom_home/bin/kpt-results" --format "$format" "${converter_args[@]}"; fi
  case $? in
    0) ;;
    1) failed=1 ;;
    *) exit 2 ;;
  esac
  if [ -n "${SARIF:-}" ]; then
    "$focom_home/bin/kpt-results" --format sarif "${converter_args[@]}" >"$SARIF"
    [ $? -le 1 ] || exit 2
  fi
fi
if [ "$failed" -ne 0 ]; then say "failed: see the errors above"; exit 1; fi
say "${#packages[@]} package(s) checked, no error"
