import { writeFileSync } from 'node:fs'

/**
 * A web-test-runner reporter that writes `{ passed, failed }` to `file`, so scripts/test.ts can add the browser tests
 * to the run's summary line. A test file that failed to load counts as one failure.
 */
export function countingReporter(file) {
  return {
    onTestRunFinished({ sessions }) {
      let passed = 0
      let failed = 0
      const count = (suite) => {
        for (const test of suite.tests) {
          if (test.skipped) continue
          if (test.passed) passed++
          else failed++
        }
        for (const child of suite.suites) count(child)
      }
      for (const session of sessions) {
        if (session.testResults) count(session.testResults)
        if (!session.passed && (session.errors?.length ?? 0) > 0) failed++
      }
      if (file) writeFileSync(file, JSON.stringify({ passed, failed }))
    },
  }
}
