// Preloaded (node -r) by the processes the tests start from the run's shared build (run-tool.ts):
// V8's compiled code of the build's 6 MB cli.js, made once per test run by dist-setup.ts, so that
// each start does not compile it again (0.4 s of CPU -> 0.25 s). Node 22 does the same with
// module.enableCompileCache(); Node 20 has no such switch. Nothing else changes: the module runs
// with the same wrapper arguments, and a file without a cache (or a cache V8 refuses) is compiled
// as usual. One adaptation: Node 20 cannot run import() from code V8 restored from a cache, and the
// build holds two, of Node built-ins (the AWS SDK's `await import("node:http")` for EC2 instance
// metadata): they become `Promise.resolve(require("node:http"))`, the same module. (A build has no
// other dynamic import: everything else is inside it.) SIGNED_SHARE_CODE_CACHE names the directory of the build; with
// SIGNED_SHARE_CODE_CACHE_WRITE=1 the process writes the cache of the files it ran when it exits.
"use strict";
const Module = require("node:module");
const vm = require("node:vm");
const fs = require("node:fs");
const path = require("node:path");

const dir = process.env.SIGNED_SHARE_CODE_CACHE;
const write = process.env.SIGNED_SHARE_CODE_CACHE_WRITE === "1";
const compile = Module.prototype._compile;

/** `import("node:x")` as `Promise.resolve(require("node:x"))`: for a built-in, the same module object. */
function withBuiltinImportsAsRequire(content) {
  return content.replace(/\bimport\((["'])(node:[a-z_/]+)\1\)/g, 'Promise.resolve(require("$2"))');
}

if (dir) {
  Module.prototype._compile = function compileWithCache(content, filename) {
    if (path.dirname(filename) !== dir) return compile.call(this, content, filename);
    const cacheFile = `${filename}.v8-cache`;
    let cachedData;
    if (!write) {
      try {
        cachedData = fs.readFileSync(cacheFile);
      } catch {
        return compile.call(this, content, filename);
      }
    }
    const script = new vm.Script(Module.wrap(withBuiltinImportsAsRequire(content)), { filename, cachedData });
    const wrapper = script.runInThisContext({ displayErrors: true });
    const module = this;
    const require = (id) => module.require(id);
    require.resolve = (request, options) => Module._resolveFilename(request, module, false, options);
    require.resolve.paths = (request) => Module._resolveLookupPaths(request, module);
    require.main = process.mainModule;
    require.cache = Module._cache;
    require.extensions = Module._extensions;
    if (write) process.on("exit", () => fs.writeFileSync(cacheFile, script.createCachedData()));
    return wrapper.call(module.exports, module.exports, require, module, filename, path.dirname(filename));
  };
}
