#include "RunbookBuildInfo.h"

// Package.swift defines RUNBOOK_COMMIT from the environment of `make dist` / `make release`.
#ifndef RUNBOOK_COMMIT
#define RUNBOOK_COMMIT "unknown"
#endif

const char *runbook_build_commit(void) { return RUNBOOK_COMMIT; }
