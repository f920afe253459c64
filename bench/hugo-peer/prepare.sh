#!/bin/sh
# Assemble a Hugo-ready copy of a runbook corpus with the bare peer layout:
#   bench/hugo-peer/prepare.sh <corpus> <dest>
# <dest> gets <corpus>/content and <corpus>/rules plus this folder's
# config.yaml and layouts/. The corpus itself is never modified.
# Then build with:
#   hugo --quiet --source <dest> --destination <out>
set -eu
if [ $# -ne 2 ]; then
    echo "usage: $0 <corpus> <dest>" >&2
    exit 2
fi
peer=$(cd "$(dirname "$0")" && pwd)
corpus=$1
dest=$2
if [ -e "$dest" ]; then
    echo "$0: $dest already exists" >&2
    exit 1
fi
mkdir -p "$dest"
cp -R "$corpus/content" "$corpus/rules" "$dest/"
cp "$peer/config.yaml" "$dest/config.yaml"
cp -R "$peer/layouts" "$dest/layouts"
