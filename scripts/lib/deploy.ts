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
  erc7913WebAuthnVerifierAbi,
  erc7913WebAuthnVerifierBytecode,
  ledgerRewardTokenAbi,
  ledgerRewardTokenBytecode,
  passkeyAccountAbi,
  passkeyAccountBytecode,
  passkeyAccountFactoryAbi,
  passkeyAccountFactoryBytecode,
  rewardDistributorAbi,
  rewardDistributorBytecode,
} from '../../src/abis/index.js'
import { entryPointAbi, entryPointBytecode } from '../../test/abis/index.js'

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
  /** Passkey accounts (absent from deployments made before they existed): the EntryPoint v0.8 they trust. */
  entryPoint?: Address
  /** OpenZeppelin's `ERC7913WebAuthnVerifier`, whose address starts every passkey signer. */
  webAuthnVerifier?: Address
  /** The `PasskeyAccount` every account is a clone of. */
  accountImplementation?: Address
  /** The `PasskeyAccountFactory`. */
  accountFactory?: Address
}

export type DeployLedgerParameters = {
  attributor: Address
  guardian: Address
  minCommitAge?: number
  maxCommitAge?: number
  disputePeriod?: number
  /** The ERC-4337 EntryPoint v0.8 passkey accounts trust; default: a new one (a local chain has none). */
  entryPoint?: Address
}

type Clients = {
  wallet: WalletClient<Transport, Chain, Account>
  public: PublicClient<Transport, Chain>
}

function deployedAddress(receipt: { contractAddress?: Address | null | undefined }): Address {
  if (!receipt.contractAddress) throw new Error('deployment receipt without contract address')
  return getAddress(receipt.contractAddress)
}

/**
 * Deploys the reward token, the registry and the distributor, grants the attributor and guardian roles, then deploys
 * what passkey accounts need: the EntryPoint (unless given), OpenZeppelin's WebAuthn verifier, the account
 * implementation and its factory. The ledger's own contracts come first, so their addresses on a fresh local chain are
 * those of `localhostDeployment`.
 */
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
  const entryPoint =
    parameters.entryPoint ??
    deployedAddress(
      await confirm(await clients.wallet.deployContract({ abi: entryPointAbi, bytecode: entryPointBytecode })),
    )
  const webAuthnVerifier = deployedAddress(
    await confirm(
      await clients.wallet.deployContract({
        abi: erc7913WebAuthnVerifierAbi,
        bytecode: erc7913WebAuthnVerifierBytecode,
      }),
    ),
  )
  const accountImplementation = deployedAddress(
    await confirm(
      await clients.wallet.deployContract({
        abi: passkeyAccountAbi,
        bytecode: passkeyAccountBytecode,
        args: [entryPoint],
      }),
    ),
  )
  const accountFactory = deployedAddress(
    await confirm(
      await clients.wallet.deployContract({
        abi: passkeyAccountFactoryAbi,
        bytecode: passkeyAccountFactoryBytecode,
        args: [accountImplementation],
      }),
    ),
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
    entryPoint: getAddress(entryPoint),
    webAuthnVerifier,
    accountImplementation,
    accountFactory,
  }
}
