#!/usr/bin/env node
// The command-line entry in a checkout: loads the TypeScript dispatcher through tsx (no npm banner on stdout).
require("tsx/cjs");
require("../tools/signed-share.ts");
