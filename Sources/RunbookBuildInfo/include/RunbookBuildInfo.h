#ifndef RUNBOOK_BUILD_INFO_H
#define RUNBOOK_BUILD_INFO_H

/// The git commit this binary was built from (RUNBOOK_COMMIT at build time), or "unknown".
const char *runbook_build_commit(void);

#endif
