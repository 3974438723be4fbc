#!/usr/bin/env node
// The package's `ringmaster` command: runs the built CLI (npm run build first).
import '../dist/src/host/cli/main.js';
