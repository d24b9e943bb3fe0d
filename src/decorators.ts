import type { Address } from 'viem'
import { cancelSignatures } from './actions/registry/cancelSignatures.js'
import { commitContribution } from './actions/registry/commitContribution.js'
import { createDatanet, createDatanetAndWait } from './actions/registry/createDatanet.js'
import { getContributionByHash } from './actions/registry/getContributionByHash.js'
import { getContributions } from './actions/registry/getContributions.js'
import { getContributionsByContributor } from './actions/registry/getContributionsByContributor.js'
import { getContributionsByHash } from './actions/registry/getContributionsByHash.js'
import { getDatanet } from './actions/registry/getDatanet.js'
import { getModel } from './actions/registry/getModel.js'
import { getModels } from './actions/registry/getModels.js'
import { getModelTrainingSets } from './actions/registry/getModelTrainingSets.js'
import {
  registerContribution,
  registerContributionAndWait,
  waitForRegistrations,
} from './actions/registry/registerContribution.js'
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
import { claimRewards, claimRewardsAndWait, waitForClaim } from './actions/rewards/claimRewards.js'
import { fundRewards } from './actions/rewards/fundRewards.js'
import { getClaimable } from './actions/rewards/getClaimable.js'
import { getClaims } from './actions/rewards/getClaims.js'
import { getCurrentEpochId, getEpoch } from './actions/rewards/getEpoch.js'
import { getEpochs } from './actions/rewards/getEpochs.js'
import { getLeaderboard } from './actions/rewards/getLeaderboard.js'
import { getRewardHistory } from './actions/rewards/getRewardHistory.js'
import {
  type GetRewardTokenParameters,
  type GetRewardTokenReturnType,
  getRewardToken,
} from './actions/rewards/getRewardToken.js'
import { proposeEpoch, proposeEpochAndWait } from './actions/rewards/proposeEpoch.js'
import { readEpochInputs } from './actions/rewards/readEpochInputs.js'
import { verifyEpochOnChain } from './actions/rewards/verifyEpochOnChain.js'
import type { LedgerDeployment } from './chains.js'
import type { LedgerClient } from './client.js'

/** Actions called `(client, parameters)`, whose parameters take a `deployment`. */
const withParameters = {
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
  getClaims,
  getContributionByHash,
  getContributions,
  getContributionsByContributor,
  getContributionsByHash,
  getCurrentEpochId,
  getDatanet,
  getEpoch,
  getEpochs,
  getLeaderboard,
  getModel,
  getModelTrainingSets,
  getModels,
  getRewardHistory,
  getRewardToken,
  proposeEpoch,
  proposeEpochAndWait,
  readEpochInputs,
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

// A transaction hash, or a manifest that names its own contracts, comes second here: a `deployment` does not apply.
const positional = { verifyEpochOnChain, waitForClaim, waitForRegistrations }

type Actions = typeof withParameters & typeof positional
type Bound<action> = action extends (client: LedgerClient, ...args: infer args) => infer result
  ? (...args: args) => result
  : never

export type LedgerActions = Omit<{ [name in keyof Actions]: Bound<Actions[name]> }, 'getRewardToken'> & {
  // Written out, since binding would lose its type parameter: `balance` is typed exactly when `account` is given.
  getRewardToken<account extends Address | undefined = undefined>(
    parameters?: GetRewardTokenParameters<account>,
  ): Promise<GetRewardTokenReturnType<account>>
}

type Action = (client: LedgerClient, ...args: unknown[]) => unknown

/**
 * Binds every action to a client, for those who prefer `client.registerContribution(...)`. Importing it pulls in
 * every action; the library itself never does. `deployment` applies to every call that does not pass its own.
 *
 * @example
 * const client = createWalletClient({ chain, transport: http(), account }).extend(ledgerActions())
 * await client.registerContribution(registration)
 */
export function ledgerActions({ deployment }: { deployment?: LedgerDeployment } = {}) {
  return (client: LedgerClient): LedgerActions => {
    const bound = (action: Action) => (parameters?: object) =>
      action(client, { ...(deployment ? { deployment } : {}), ...parameters })
    return Object.fromEntries([
      ...Object.entries(withParameters).map(([name, action]) => [name, bound(action as Action)]),
      ...Object.entries(positional).map(([name, action]) => [
        name,
        (...args: unknown[]) => (action as Action)(client, ...args),
      ]),
    ]) as LedgerActions
  }
}
