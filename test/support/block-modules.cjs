// Preloaded (`node --require`) into a program started by test/support/pulumi-cli-run.ts: the modules named
// in SIGNED_SHARE_BLOCKED_MODULES (comma-separated) cannot be loaded, as on a machine where they are not
// installed. A program that requires one at start fails with Node's own "Cannot find module" error.
const Module = require("node:module");

const blocked = (process.env.SIGNED_SHARE_BLOCKED_MODULES || "").split(",").filter(Boolean);
const resolveFilename = Module._resolveFilename;
Module._resolveFilename = function (request, ...rest) {
  if (blocked.some((name) => request === name || request.startsWith(`${name}/`))) {
    const error = new Error(`Cannot find module '${request}' (not installed in this test)`);
    error.code = "MODULE_NOT_FOUND";
    throw error;
  }
  return resolveFilename.call(this, request, ...rest);
};
