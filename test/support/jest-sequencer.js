// The order jest runs the test files in: the longest first, so that neither worker is left with a long file at the
// end. jest's own sequencer orders by each file's last duration (its cache); a file it has not timed yet (every file,
// in a fresh clone) goes by its size instead, which puts the short files that run a whole validation or a subprocess
// last. Here an untimed file gets an estimate: its size, plus a few seconds for each expensive step it calls.
'use strict';
const fs = require('fs');
const Sequencer = require('@jest/test-sequencer').default;

/** What a test file calls that takes seconds: validation runs over many apps, and node subprocesses. */
const EXPENSIVE = [
  'schemaFindingsByCheck', 'awsSolutionsFindingsByCheck', 'controlTowerFindings', 'synthAndCollectFindings',
  'synthSampleApp', 'tsNodeCommand',
];

class EstimatingSequencer extends Sequencer {
  time(test) {
    const cached = super.time(test);
    if (cached !== undefined) {
      return cached;
    }
    const text = fs.readFileSync(test.path, 'utf-8');
    // Milliseconds, as jest's cache holds them: about 1 s per 12 KB of test file, 4 s per expensive step.
    return text.length / 12 + 4000 * EXPENSIVE.filter((call) => text.includes(`${call}(`)).length;
  }
}

module.exports = EstimatingSequencer;
