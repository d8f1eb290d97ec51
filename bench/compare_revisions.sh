#!/usr/bin/env bash
# Before/after: run bench/run_bench.py with another revision's `indexer` (default: the
# foundation, before the German search-quality work) and with the working tree, on the
# same corpus, one after the other on this machine.
#   bench/compare_revisions.sh [REV] [run_bench options, e.g. --repeat 1 --queries 100]
set -euo pipefail
repo=$(git rev-parse --show-toplevel)
rev=${1:-b8ee608}
shift || true
python=${PYTHON:-$repo/.venv/bin/python}
corpus=${CORPUS:-$repo/bench/.work/corpus-10k}
work=$(mktemp -d)
trap 'git -C "$repo" worktree remove --force "$work/old" >/dev/null 2>&1; rm -rf "$work"' EXIT
git -C "$repo" worktree add -q --detach "$work/old" "$rev"

echo "## Before: indexer at $(git -C "$repo" rev-parse --short "$rev")"
# The revision's own benchmark script: it imports that revision's module layout.
PYTHONPATH="$work/old" "$python" "$work/old/bench/run_bench.py" --keep "$corpus" "$@"
echo
echo "## After: indexer in the working tree"
# --no-peers: the peers do not change between revisions (`make bench` shows them).
"$python" "$repo/bench/run_bench.py" --keep "$corpus" --no-peers "$@"
