import { it } from 'vitest';
import {
  defaultExploreSettings,
  parseExpectTarget,
} from '../../../src/explore/explore-settings.js';
import { trialScenario } from '../../../src/explore/trial-arbitrary.js';
import { evaluateTrial } from '../../../src/explore/evaluate-trial.js';
import { shrinkTrial } from '../../../src/explore/shrink-trial.js';
import { deliverAcrossPartitions } from '../../helpers/leaky-partitions.js';
import { brokenStep, type StepFault } from '../../helpers/broken-step.js';
const faults: StepFault[] = [
  'send-carries-old-clock',
  'receive-without-plus-one',
  'receive-without-max',
  'internal-does-not-tick',
];
it('try', () => {
  const runs: [string, any, any][] = [
    ['leak', defaultExploreSettings(), { driverFaults: deliverAcrossPartitions }],
    [
      'leak-only-partition',
      defaultExploreSettings({ faultKinds: ['partition'] }),
      { driverFaults: deliverAcrossPartitions },
    ],
  ];
  //runs.push(['expect clockReset', defaultExploreSettings({ expect: parseExpectTarget('clockReset'), faultKinds: ['crash','restart'] }), {}]);
  for (const [name, settings, deps] of runs) {
    let i = 0;
    let v;
    for (; i < 200; i++) {
      v = evaluateTrial(trialScenario(settings, i), i, settings, deps);
      if (v.found) break;
    }
    const t0 = performance.now();
    const r = shrinkTrial(settings, i, deps);
    const ms = performance.now() - t0;
    console.log(
      name,
      'index',
      i,
      v?.found,
      'orig',
      r.originalVerdict.machines,
      r.originalVerdict.events,
      r.originalVerdict.faults,
      'min',
      r.minimalVerdict.machines,
      r.minimalVerdict.events,
      r.minimalVerdict.faults,
      'steps',
      r.shrinkSteps,
      'trials',
      r.trialsRun,
      'ms',
      Math.round(ms),
    );
    console.log(JSON.stringify(r.minimal));
  }
}, 900000);
