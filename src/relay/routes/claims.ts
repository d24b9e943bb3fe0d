import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'
import { readContract } from 'viem/actions'
import * as distributorAbi from '../../abis/rewardDistributor.js'
import { claimRewards } from '../../actions/rewards/claimRewards.js'
import {
  answerError,
  malformed,
  type RelayContext,
  type RelayErrorBody,
  type RelayRoute,
  rateLimited,
} from '../context.js'
import { RelayRequestError } from '../errors.js'
import { Outcomes } from '../outcomes.js'
import { type RateLimit, RateLimiter } from '../rateLimiter.js'
import { claimSchema } from '../schemas.js'

/** What the claim route answers. `cumulativeAmount` is a decimal string, in the token's smallest unit. */
export type RelayClaimResponse =
  | { status: 'submitted'; transactionHash: Hex; account: Address; cumulativeAmount: string }
  | { status: 'already-claimed'; account: Address; cumulativeAmount: string }
  | RelayErrorBody

/**
 * POST <base>/claim: `{ account, cumulativeAmount, proof }`, sent as `claim(account, cumulativeAmount, proof)` with
 * the relayer paying. No signature is needed: the distributor pays `account` whoever sends the claim, so nothing
 * can be redirected. The distributor checks the proof; the relay simulates first, so a claim that would fail costs
 * nothing, and answers a claim already paid as `already-claimed`.
 */
export function claimRoute(context: RelayContext, { rateLimit }: { rateLimit: RateLimit }): RelayRoute {
  const { client, deployment } = context
  const outcomes = new Outcomes(context.memory.outcomes, context.now, client)
  const accounts = new RateLimiter(rateLimit, context.memory.callers, context.now)

  const submit = async (account: Address, cumulativeAmount: bigint, proof: Hex[]) => {
    const answered = { account, cumulativeAmount: cumulativeAmount.toString() }
    const claimed = await readContract(client, {
      address: deployment.distributor,
      abi: [distributorAbi.claimed],
      functionName: 'claimed',
      args: [account],
    })
    if (claimed >= cumulativeAmount) return { status: 200, body: { status: 'already-claimed', ...answered } }
    try {
      const transactionHash = await context.serialised(() =>
        claimRewards(client, { account, cumulativeAmount, proof, deployment }),
      )
      return { status: 200, body: { status: 'submitted', transactionHash, ...answered } }
    } catch (error) {
      return answerError(error)
    }
  }

  return {
    async handle(payload) {
      const parsed = claimSchema.safeParse(payload)
      if (!parsed.success) throw malformed('The claim is malformed.', parsed.error.issues)
      const account = parsed.data.account as Address
      const cumulativeAmount = BigInt(parsed.data.cumulativeAmount)
      if (cumulativeAmount >= 2n ** 256n) {
        throw new RelayRequestError('The claim is malformed.', [
          { field: 'cumulativeAmount', message: 'Missing or malformed.' },
        ])
      }
      const proof = parsed.data.proof as Hex[]
      const key = keccak256(
        encodeAbiParameters(
          [{ type: 'address' }, { type: 'uint256' }, { type: 'bytes32[]' }],
          [account, cumulativeAmount, proof],
        ),
      )
      return outcomes.answer(
        key,
        () => rateLimited('claims', accounts.take(account)),
        () => submit(account, cumulativeAmount, proof),
      )
    },
    remembered: () => ({ outcomes: outcomes.size, callers: accounts.size }),
  }
}
