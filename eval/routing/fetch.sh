#!/usr/bin/env bash
# Clones the repositories of the routing evaluation into DIR (needs the network; nothing of theirs is
# kept in this repository). Full history: each labelled commit is checked against its parent.
#   bash eval/routing/fetch.sh DIR && node eval/routing/score.mjs DIR
set -euo pipefail
dir="${1:?usage: fetch.sh DIR}"
mkdir -p "$dir"
# Every repository labels.yaml names (its top-level keys, `owner/name:`).
here="$(cd "$(dirname "$0")" && pwd)"
for repo in $(grep -oE '^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+:' "$here/labels.yaml" | tr -d ':'); do
  target="$dir/${repo/\//+}"
  [ -d "$target" ] || git clone -q "${KAO_EVAL_MIRROR:-https://github.com}/$repo${KAO_EVAL_SUFFIX:-.git}" "$target"
done
