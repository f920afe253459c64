// runbook theme script
