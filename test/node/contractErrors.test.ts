/**
 * Every custom error the contracts can revert with reaches a user as its own exported class, so it can be caught
 * with `instanceof` and named in a type. A contract error added without a class fails here.
 */
import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import {
  type Abi,
  type AbiParameter,
  ContractFunctionExecutionError,
  ContractFunctionRevertedError,
  encodeErrorResult,
} from 'viem'
import * as abis from '../../src/abis/index.js'
import * as sdk from '../../src/index.js'

type AbiError = Extract<Abi[number], { type: 'error' }>

const generated: Record<string, Abi> = {
  contributionRegistryAbi: abis.contributionRegistryAbi,
  rewardDistributorAbi: abis.rewardDistributorAbi,
  ledgerRewardTokenAbi: abis.ledgerRewardTokenAbi,
}

/** A valid value of an ABI type, so the revert data decodes as the node would return it. */
function sample(parameter: AbiParameter): unknown {
  const { type } = parameter
  if (type.endsWith('[]')) return [sample({ ...parameter, type: type.slice(0, -2) })]
  if (type === 'address') return '0x00000000000000000000000000000000000000A1'
  if (type === 'bool') return true
  if (type === 'string') return 'a name'
  if (type === 'bytes') return '0x01'
  if (type.startsWith('bytes')) return `0x${'ab'.repeat(Number(type.slice(5)))}`
  // A timestamp where it fits, so dates in messages are real dates; small enums and counters get 1.
  if (type.startsWith('uint') || type.startsWith('int'))
    return Number(type.replace(/\D/g, '') || 256) > 32 ? 1_700_000_000n : 1n
  if (type === 'tuple' && 'components' in parameter) return parameter.components.map(sample)
  throw new Error(`no sample for ABI type ${type}`)
}

/** What viem throws for a simulated call that reverted with `error`. */
function revertedWith(abi: Abi, error: AbiError) {
  const data = encodeErrorResult({ abi: [error], errorName: error.name, args: error.inputs.map(sample) })
  const reverted = new ContractFunctionRevertedError({ abi, data, functionName: 'call' })
  return new ContractFunctionExecutionError(reverted, { abi, functionName: 'call' })
}

const exportedClasses = new Set<unknown>(Object.values(sdk))

for (const [abiName, abi] of Object.entries(generated)) {
  describe(`${abiName}'s custom errors`, () => {
    const errors = abi.filter((item): item is AbiError => item.type === 'error')

    it('has some', () => assert.ok(errors.length > 0))

    for (const error of errors) {
      it(`decodes ${error.name} into its own exported class`, () => {
        const decoded = sdk.toLedgerError(revertedWith(abi, error))
        assert.ok(decoded instanceof sdk.ContractRevertError, `${error.name} became ${decoded.name}`)
        assert.equal(decoded.errorName, error.name)
        assert.notEqual(decoded.constructor, sdk.ContractRevertError, `${error.name} has no class of its own`)
        assert.equal(decoded.name, decoded.constructor.name)
        assert.ok(exportedClasses.has(decoded.constructor), `${decoded.name} is not exported from the package`)
        assert.doesNotMatch(decoded.shortMessage, /undefined|NaN|Invalid Date/)
      })
    }
  })
}

it('still decodes an error no contract of ours declares, as a bare ContractRevertError', () => {
  const foreign: AbiError = { type: 'error', name: 'SomeoneElsesError', inputs: [] }
  const decoded = sdk.toLedgerError(revertedWith([foreign], foreign))
  assert.equal(decoded.constructor, sdk.ContractRevertError)
  assert.equal(decoded.name, 'ContractRevertError')
  assert.equal(decoded.shortMessage, 'The contract refused the call (SomeoneElsesError).')
})
