// jest's module runtime, compiling the modules of node_modules/ with vm.Script instead of vm.compileFunction on
// Node 20.
//
// Each test file gets fresh modules, so every file compiles aws-cdk-lib's modules again (about 600 of them for a
// platform). V8 caches what a vm.Script compiles, by source, for the whole worker: the next file's compile of the same
// module reuses it. On Node 20, vm.compileFunction, which jest uses, has no such cache
// (https://github.com/nodejs/node/issues/35375); Node 22 and later cache it too, and there this runtime is jest's
// own. Modules stay per file: each file still runs its own copy of every module, in its own context. The tests' and
// the library's own files keep jest's compile (its errors and source maps). Under --experimental-vm-modules, Node
// gives each script its own dynamic-import options and V8's cache misses: the override then saves nothing.
//
// `executor` is jest-runtime's internal module executor (jest 30, the version of jest that loads this file). With
// another jest-runtime, or without the executor, this runtime is jest's own. Remove this file with Node 20.
'use strict';
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
const WRAPPER = 'Object.<anonymous>';
const NODE_MAJOR = Number(process.versions.node.split('.')[0]);
const JEST_VERSION = require('jest/package.json').version;
// The jest-runtime jest 30 runs with (the same version).
const KNOWN_RUNTIME = /^30\./.test(JEST_VERSION) && require('jest-runtime/package.json').version === JEST_VERSION;

class CachingScriptRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (NODE_MAJOR >= 22 || !KNOWN_RUNTIME || typeof executor?.compile !== 'function'
      || !Array.isArray(executor.injectedModuleParameters)) {
      return;
    }
    const jestCompile = executor.compile.bind(executor);
    executor.compile = (source, filename) => {
      const vmContext = executor.environment.getVmContext();
      if (!filename.includes(NODE_MODULES) || vmContext == null) {
        return jestCompile(source, filename);
      }
      try {
        // The wrapper on a line of its own (lineOffset -1): the module's lines and columns stay as in its file.
        const script = new vm.Script(`({${JSON.stringify(WRAPPER)}:function(${executor.injectedModuleParameters.join(',')}){\n${source}\n}});`, {
          filename,
          lineOffset: -1,
          importModuleDynamically: (specifier, _script, importAttributes, phase) =>
            executor.dynamicImport(specifier, filename, vmContext, importAttributes, phase),
        });
        return script.runInContext(vmContext)[WRAPPER];
      } catch {
        // jest's compile reports the error (a syntax error, an ES module) its own way.
        return jestCompile(source, filename);
      }
    };
  }
}

module.exports = CachingScriptRuntime;
