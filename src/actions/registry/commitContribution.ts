import { type Account, type Address, encodeAbiParameters, type Hex, keccak256, toHex } from 'viem'
import * as registry from '../../abis/contributionRegistry.js'
import { type LedgerDeployment, resolveDeployment } from '../../chains.js'
import type { LedgerClient } from '../../client.js'
import { AccountRequiredError } from '../../errors/account.js'
import type { CommitmentExistsError } from '../../errors/contract.js'
import type { WriteErrorType } from '../internal/errorTypes.js'
import { simulateAndWrite } from '../internal/write.js'

export type CommitContributionParameters = {
  contentHash: Hex
  /** A secret 32-byte salt; a fresh random one when omitted. Keep it: the reveal needs it. */
  salt?: Hex
  account?: Account | Address
  deployment?: LedgerDeployment
}

export type CommitContributionReturnType = { hash: Hex; commitment: Hex; salt: Hex }
export type CommitContributionErrorType = WriteErrorType | CommitmentExistsError

/**
 * `keccak256(abi.encode(contributor, contentHash, salt))`, as the registry computes it on reveal.
 *
 * @example
 * const commitment = contributionCommitment({ contributor: account.address, contentHash, salt })
 */
export function contributionCommitment({
  contributor,
  contentHash,
  salt,
}: {
  contributor: Address
  contentHash: Hex
  salt: Hex
}): Hex {
  return keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [contributor, contentHash, salt],
    ),
  )
}

/**
 * Commits to content without revealing its hash (for datanets that require commit–reveal). Reveal it with
 * `revealContribution` after the registry's minimum commitment age, with the returned salt.
 *
 * @example
 * const { salt } = await commitContribution(walletClient, { contentHash })
 * // …at least `minCommitAge` seconds later:
 * await revealContribution(walletClient, { ...registration, salt })
 */
export async function commitContribution(
  client: LedgerClient,
  {
    contentHash,
    salt = toHex(crypto.getRandomValues(new Uint8Array(32))),
    account = client.account,
    deployment,
  }: CommitContributionParameters,
): Promise<CommitContributionReturnType> {
  if (!account) throw new AccountRequiredError()
  const contributor = typeof account === 'string' ? account : account.address
  const commitment = contributionCommitment({ contributor, contentHash, salt })
  const hash = await simulateAndWrite(client, {
    address: resolveDeployment(client, deployment).registry,
    abi: [registry.commit, ...registry.contributionRegistryErrors],
    functionName: 'commit',
    args: [commitment],
    account,
  })
  return { hash, commitment, salt }
}
