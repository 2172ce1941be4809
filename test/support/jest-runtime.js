// jest's module runtime, compiling the modules of node_modules/ with vm.Script instead of vm.compileFunction.
//
// Each test file gets fresh modules, so every file compiles aws-cdk-lib's modules again (about 600 of them for a
// platform). V8 caches what a vm.Script compiles, by source, for the whole worker: the next file's compile of the same
// module reuses it. vm.compileFunction, which jest uses, has no such cache
// (https://github.com/nodejs/node/issues/35375). Modules stay per file: each file still runs its own copy of every
// module, in its own context. The tests' and the library's own files keep jest's compile (its errors and source maps).
//
// `executor` is jest-runtime's internal module executor (jest 30). Without it this runtime is jest's own.
'use strict';
const path = require('path');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

const NODE_MODULES = `${path.sep}node_modules${path.sep}`;
const WRAPPER = 'Object.<anonymous>';

class CachingScriptRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const executor = this.executor;
    if (typeof executor?.compile !== 'function' || !Array.isArray(executor.injectedModuleParameters)) {
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
