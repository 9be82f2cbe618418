#!/usr/bin/env bash
# Clones the repositories of the routing evaluation into DIR (needs the network; nothing of theirs is
# kept in this repository). Full history: each labelled commit is checked against its parent.
#   bash eval/routing/fetch.sh DIR && node eval/routing/score.mjs DIR
set -euo pipefail
dir="${1:?usage: fetch.sh DIR}"
mkdir -p "$dir"
for repo in gothinkster/golang-gin-realworld-example-app lukevella/rallly wagtail/bakerydemo usememos/memos maybe-finance/maybe healthchecks/healthchecks dubinc/dub umami-software/umami go-vikunja/vikunja BookStackApp/BookStack formbricks/formbricks mealie-recipes/mealie lobsters/lobsters gotify/server ghostfolio/ghostfolio koel/koel documenso/documenso knadh/listmonk paperless-ngx/paperless-ngx rubygems/rubygems.org outline/outline miniflux/v2 akaunting/akaunting pretalx/pretalx linkwarden/linkwarden; do
  target="$dir/${repo/\//+}"
  [ -d "$target" ] || git clone -q "${KAO_EVAL_MIRROR:-https://github.com}/$repo${KAO_EVAL_SUFFIX:-.git}" "$target"
done
