import { expect } from '@open-wc/testing'
import { createPublicClient, http } from 'viem'
import { contributionRegistryAbi, ledgerRewardTokenAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { served } from './chain.js'

describe('the local chain started for the browser tests', () => {
  it('serves the deployed contracts to viem in the browser', async () => {
    const deployment = served
    const client = createPublicClient({ transport: http(deployment.rpcUrl) })

    expect(deployment.chainId).to.equal(31337)
    expect(await client.getChainId()).to.equal(deployment.chainId)
    const [symbol, token, isAttributor, isGuardian, owner, disputePeriod, minCommitAge] = await Promise.all([
      client.readContract({ address: deployment.rewardToken, abi: ledgerRewardTokenAbi, functionName: 'symbol' }),
      client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'token' }),
      client.readContract({
        address: deployment.distributor,
        abi: rewardDistributorAbi,
        functionName: 'isAttributor',
        args: [deployment.roles.attributor],
      }),
      client.readContract({
        address: deployment.distributor,
        abi: rewardDistributorAbi,
        functionName: 'isGuardian',
        args: [deployment.roles.guardian],
      }),
      client.readContract({ address: deployment.distributor, abi: rewardDistributorAbi, functionName: 'owner' }),
      client.readContract({
        address: deployment.distributor,
        abi: rewardDistributorAbi,
        functionName: 'disputePeriod',
      }),
      client.readContract({ address: deployment.registry, abi: contributionRegistryAbi, functionName: 'minCommitAge' }),
    ])
    expect(symbol).to.equal('LEDGER')
    expect(token).to.equal(deployment.rewardToken)
    expect(isAttributor).to.equal(true)
    expect(isGuardian).to.equal(true)
    expect(owner).to.equal(deployment.roles.owner)
    expect(disputePeriod).to.equal(deployment.disputePeriod)
    expect(minCommitAge).to.equal(deployment.minCommitAge)
  })
})
