#!/usr/bin/env node
// The `berth` command. The TypeScript is compiled to dist/ by `npm ci` (the prepare script).
import '../dist/cli/main.js'
