import { relative } from 'node:path';
import type { Reporter, TestModule } from 'vitest/node';

/**
 * Lists what was skipped (per file and suite, with the reason in the suite's title), then prints one closing
 * line, `tests: N passed, N failed, N skipped`, after vitest's own summary, so that tools that read only the
 * last line of a run can count it.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    const skippedBySuite = new Map<string, number>();
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else {
          skipped++;
          let suite = test.parent;
          while (suite.type === 'suite' && suite.parent.type === 'suite') suite = suite.parent;
          const title = suite.type === 'suite' ? suite.name : test.name;
          const key = `${module.project.name} ${relative(process.cwd(), module.moduleId)} › ${title}`;
          skippedBySuite.set(key, (skippedBySuite.get(key) ?? 0) + 1);
        }
      }
      if (module.state() === 'failed' && module.children.size === 0) failed++;
    }
    if (skippedBySuite.size > 0) {
      process.stdout.write('\nskipped:\n');
      for (const [key, n] of skippedBySuite)
        process.stdout.write(`  ${key}: ${n} test${n === 1 ? '' : 's'}\n`);
    }
    process.stdout.write(`\ntests: ${passed} passed, ${failed} failed, ${skipped} skipped\n`);
  }
}
