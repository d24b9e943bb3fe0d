import {
  type Account,
  type Address,
  type Chain,
  getAddress,
  type Hex,
  type PublicClient,
  type Transport,
  type WalletClient,
} from 'viem'
import {
  contributionRegistryAbi,
  contributionRegistryBytecode,
  ledgerRewardTokenAbi,
  ledgerRewardTokenBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from '../../src/abis/index.js'

/** What a deployment script writes and what the SDK, the demo and the tests read. */
export type LedgerDeployment = {
  chainId: number
  /** The block of the first deployment transaction: where event scans start. */
  blockNumber: number
  registry: Address
  distributor: Address
  rewardToken: Address
  roles: { owner: Address; attributor: Address; guardian: Address }
  minCommitAge: number
  maxCommitAge: number
  disputePeriod: number
}

export type DeployLedgerParameters = {
  attributor: Address
  guardian: Address
  minCommitAge?: number
  maxCommitAge?: number
  disputePeriod?: number
}

type Clients = {
  wallet: WalletClient<Transport, Chain, Account>
  public: PublicClient<Transport, Chain>
}

function deployedAddress(receipt: { contractAddress?: Address | null | undefined }): Address {
  if (!receipt.contractAddress) throw new Error('deployment receipt without contract address')
  return getAddress(receipt.contractAddress)
}

/** Deploys the reward token, the registry and the distributor, and grants the attributor and guardian roles. */
export async function deployLedger(clients: Clients, parameters: DeployLedgerParameters): Promise<LedgerDeployment> {
  const { minCommitAge = 60, maxCommitAge = 86_400, disputePeriod = 3_600, attributor, guardian } = parameters
  const owner = clients.wallet.account.address
  const confirm = async (hash: Hex) => {
    const receipt = await clients.public.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`deployment transaction ${hash} reverted`)
    return receipt
  }

  const tokenReceipt = await confirm(
    await clients.wallet.deployContract({
      abi: ledgerRewardTokenAbi,
      bytecode: ledgerRewardTokenBytecode,
      args: [owner],
    }),
  )
  const registryReceipt = await confirm(
    await clients.wallet.deployContract({
      abi: contributionRegistryAbi,
      bytecode: contributionRegistryBytecode,
      args: [minCommitAge, maxCommitAge],
    }),
  )
  const rewardToken = deployedAddress(tokenReceipt)
  const registry = deployedAddress(registryReceipt)
  const distributorReceipt = await confirm(
    await clients.wallet.deployContract({
      abi: rewardDistributorAbi,
      bytecode: rewardDistributorBytecode,
      args: [rewardToken, owner, disputePeriod],
    }),
  )
  const distributor = deployedAddress(distributorReceipt)
  await confirm(
    await clients.wallet.writeContract({
      address: distributor,
      abi: rewardDistributorAbi,
      functionName: 'setAttributor',
      args: [attributor, true],
    }),
  )
  await confirm(
    await clients.wallet.writeContract({
      address: distributor,
      abi: rewardDistributorAbi,
      functionName: 'setGuardian',
      args: [guardian, true],
    }),
  )
  return {
    chainId: clients.public.chain.id,
    blockNumber: Number(tokenReceipt.blockNumber),
    registry,
    distributor,
    rewardToken,
    roles: { owner, attributor, guardian },
    minCommitAge,
    maxCommitAge,
    disputePeriod,
  }
}
