import { cancelSignatures } from './actions/registry/cancelSignatures.js'
import { commitContribution } from './actions/registry/commitContribution.js'
import { createDatanet, createDatanetAndWait } from './actions/registry/createDatanet.js'
import { getContributionByHash } from './actions/registry/getContributionByHash.js'
import { getContributionsByContributor } from './actions/registry/getContributionsByContributor.js'
import { getContributionsByHash } from './actions/registry/getContributionsByHash.js'
import { getDatanet } from './actions/registry/getDatanet.js'
import { getModel } from './actions/registry/getModel.js'
import { registerContribution, registerContributionAndWait } from './actions/registry/registerContribution.js'
import {
  registerContributionBySig,
  registerContributionBySigAndWait,
} from './actions/registry/registerContributionBySig.js'
import { registerContributions, registerContributionsAndWait } from './actions/registry/registerContributions.js'
import { registerModel, registerModelAndWait } from './actions/registry/registerModel.js'
import { revealContribution, revealContributionAndWait } from './actions/registry/revealContribution.js'
import { reviewContribution, reviewContributionAndWait } from './actions/registry/reviewContribution.js'
import { signContribution } from './actions/registry/signContribution.js'
import { verifyContributionInModel } from './actions/registry/verifyContributionInModel.js'
import { claimManyRewards, claimManyRewardsAndWait } from './actions/rewards/claimManyRewards.js'
import { claimRewards, claimRewardsAndWait } from './actions/rewards/claimRewards.js'
import { fundRewards } from './actions/rewards/fundRewards.js'
import { getClaimable } from './actions/rewards/getClaimable.js'
import { getEpoch } from './actions/rewards/getEpoch.js'
import { getEpochs } from './actions/rewards/getEpochs.js'
import { proposeEpoch, proposeEpochAndWait } from './actions/rewards/proposeEpoch.js'
import type { LedgerDeployment } from './chains.js'
import type { LedgerClient } from './client.js'

const actions = {
  cancelSignatures,
  claimManyRewards,
  claimManyRewardsAndWait,
  claimRewards,
  claimRewardsAndWait,
  commitContribution,
  createDatanet,
  createDatanetAndWait,
  fundRewards,
  getClaimable,
  getContributionByHash,
  getContributionsByContributor,
  getContributionsByHash,
  getDatanet,
  getEpoch,
  getEpochs,
  getModel,
  proposeEpoch,
  proposeEpochAndWait,
  registerContribution,
  registerContributionAndWait,
  registerContributionBySig,
  registerContributionBySigAndWait,
  registerContributions,
  registerContributionsAndWait,
  registerModel,
  registerModelAndWait,
  revealContribution,
  revealContributionAndWait,
  reviewContribution,
  reviewContributionAndWait,
  signContribution,
  verifyContributionInModel,
}

type Actions = typeof actions
type Bound<action> = action extends (client: LedgerClient, parameters: infer P) => infer R
  ? undefined extends P
    ? (parameters?: P) => R
    : (parameters: P) => R
  : never

export type LedgerActions = { [name in keyof Actions]: Bound<Actions[name]> }

/**
 * Binds every action to a client, for those who prefer `client.registerContribution(...)`. Importing it pulls in
 * every action; the library itself never does. `deployment` applies to every call that does not pass its own.
 *
 * @example
 * const client = createWalletClient({ chain, transport: http(), account }).extend(ledgerActions())
 * await client.registerContribution(registration)
 */
export function ledgerActions({ deployment }: { deployment?: LedgerDeployment } = {}) {
  return (client: LedgerClient): LedgerActions =>
    Object.fromEntries(
      Object.entries(actions).map(([name, action]) => [
        name,
        (parameters?: object) =>
          (action as (client: LedgerClient, parameters: object) => unknown)(client, {
            ...(deployment ? { deployment } : {}),
            ...parameters,
          }),
      ]),
    ) as LedgerActions
}
