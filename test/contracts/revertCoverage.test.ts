import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { it } from 'node:test'
import { fileURLToPath } from 'node:url'
import { contributionRegistryAbi, rewardDistributorAbi } from '../../src/abis/index.js'

const here = dirname(fileURLToPath(import.meta.url))

/** Errors that OpenZeppelin bases declare but no path of ours can raise. */
const unreachable = new Set([
  'InvalidAccountNonce', // Nonces._useCheckedNonce, which the registry does not call: it checks nonces itself
  'InvalidShortString', // ShortStrings, only for EIP-712 names longer than 31 bytes; ours are constants
  'StringTooLong',
])

it('exercises every custom error of both contracts by name in some test', () => {
  const tests = readdirSync(here)
    .filter((file) => file.endsWith('.test.ts') && file !== 'revertCoverage.test.ts')
    .map((file) => readFileSync(join(here, file), 'utf8'))
    .join('\n')
  const errors = [...contributionRegistryAbi, ...rewardDistributorAbi]
    .filter((item) => item.type === 'error')
    .map((item) => item.name)
    .filter((name) => !unreachable.has(name))
  const untested = errors.filter((name) => !new RegExp(`expectRevert\\([\\s\\S]{0,600}?'${name}'`).test(tests))
  assert.deepEqual(untested, [], `custom errors without a test that expects them: ${untested.join(', ')}`)
})
