#!/usr/bin/env bash
# Picks the commits of the routing evaluation from a clone, by a fixed rule (so nobody picks the easy
# ones): 16 non-merge commits evenly spaced over the last 300, plus the 6 most recent non-merge commits
# that touch a path where schema, auth or dependencies usually live (so gates have positives to find).
#   bash eval/routing/select.sh CLONE > commits.txt
set -euo pipefail
repo="$1"
mapfile -t recent < <(git -C "$repo" log --no-merges --format=%H -300)
n=${#recent[@]}
for ((i = 0; i < 16; i++)); do echo "${recent[$((i * n / 16))]}"; done
git -C "$repo" log --no-merges --format=%H -6 -- \
  '*migrations*' '*migrate*' '*.sql' '*.prisma' '*models*' '*schema*' '*auth*' '*session*' \
  'package.json' 'go.mod' 'requirements*.txt' 'pyproject.toml'
