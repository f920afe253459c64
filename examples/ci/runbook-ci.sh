#!/bin/sh
# Any CI (or a cron job): install runbook from the release tarball, lint the runbooks, build the
# site into public/. Run it from the repository root; publish public/ however you publish.
#
#   RUNBOOK_RELEASES  where runbook-<version>-linux-<arch>.tar.gz and its .sha256 are published
#   RUNBOOK_VERSION   which release (default below)
set -eu
RUNBOOK_VERSION=${RUNBOOK_VERSION:-0.1.0}
RUNBOOK_RELEASES=${RUNBOOK_RELEASES:-https://github.com/runbook-authors/runbook/releases/download}

name="runbook-${RUNBOOK_VERSION}-linux-$(uname -m)"
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
(
  cd "$tools"
  curl -fsSLO "${RUNBOOK_RELEASES}/v${RUNBOOK_VERSION}/${name}.tar.gz"
  curl -fsSLO "${RUNBOOK_RELEASES}/v${RUNBOOK_VERSION}/${name}.tar.gz.sha256"
  sha256sum -c "${name}.tar.gz.sha256"
  tar -xzf "${name}.tar.gz"
)
PATH="$tools/${name}:$PATH"

runbook --version
runbook lint
runbook build --destination public
