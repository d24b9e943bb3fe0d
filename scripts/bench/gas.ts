/**
 * Gas per operation on the local chain (Hardhat EDR, cancun), as `npm run bench` prints it.
 * Registrations carry realistic metadata: a base64 `data:` URI of the metadata JSON, as the SDK writes by default.
 */
import { createHash } from 'node:crypto'
import {
  type Abi,
  type Account,
  type Address,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  keccak256,
  parseEventLogs,
  toBytes,
  zeroHash,
} from 'viem'
import { hashTypedData as hashTypedDataErc7739, wrapTypedDataSignature } from 'viem/experimental/erc7739'
import {
  contributionRegistryAbi,
  ledgerRewardTokenAbi,
  passkeyAccountFactoryAbi,
  rewardDistributorAbi,
} from '../../src/abis/index.js'
import { buildStandardMerkleTree } from '../../src/merkle/standardMerkleTree.js'
import { registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { entryPointAbi } from '../../test/abis/index.js'
import {
  accountSignature,
  createPasskey,
  executeBatch,
  packUint128,
  signerOf,
} from '../../test/contracts/account.helpers.js'
import { deployLedger } from '../lib/deploy.js'
import { createInProcessChain, type InProcessChain, publicClient, testClient, walletOf } from '../lib/inProcessChain.js'
import { localAccount } from '../lib/localChain.js'

const [owner, attributor, guardian, contributor, relayer] = [0, 1, 2, 3, 4].map(localAccount) as [
  Account,
  Account,
  Account,
  ReturnType<typeof localAccount>,
  Account,
]
const rows: { operation: string; gas: bigint; note?: string }[] = []
let contentCounter = 0

async function send(
  account: Account,
  parameters: { address: Address; abi: Abi; functionName: string; args: unknown[] },
) {
  const hash = await walletOf(account).writeContract(parameters as never)
  const receipt = await publicClient.waitForTransactionReceipt({ hash })
  if (receipt.status !== 'success') throw new Error(`${parameters.functionName} reverted`)
  return receipt.gasUsed
}

function registration(datanetId: number) {
  const content = `contribution #${contentCounter++}: a labelled example with enough text to be realistic`
  const contentHash: Hex = `0x${createHash('sha256').update(content).digest('hex')}`
  const metadata = JSON.stringify({
    name: `Labelled example ${contentCounter}`,
    description: 'Bounding boxes for street scenes, reviewed twice.',
    license: 'CC-BY-4.0',
    mediaType: 'application/json',
    byteSize: content.length,
    contentHash,
    datanetId,
    tags: ['vision', 'labels'],
    createdAt: '2026-11-24T12:00:00.000Z',
  })
  return {
    datanetId,
    contentHash,
    metadataHash: keccak256(toBytes(metadata)),
    metadataURI: `data:application/json;base64,${Buffer.from(metadata).toString('base64')}`,
  }
}

const ledger = await deployLedger(
  { wallet: walletOf(owner), public: publicClient },
  { attributor: attributor.address, guardian: guardian.address, disputePeriod: 0 },
)
const registry = { address: ledger.registry, abi: contributionRegistryAbi } as const
const distributor = { address: ledger.distributor, abi: rewardDistributorAbi } as const
const token = { address: ledger.rewardToken, abi: ledgerRewardTokenAbi } as const

await send(owner, {
  ...registry,
  functionName: 'createDatanet',
  args: ['data:,open', { curated: false, commitReveal: false }],
})
await send(owner, {
  ...registry,
  functionName: 'createDatanet',
  args: ['data:,guarded', { curated: false, commitReveal: true }],
})
// Warm the contributor's first registration so the figures below are the steady state, not a one-off.
await send(contributor, { ...registry, functionName: 'register', args: [registration(1)] })

const sample = registration(1)
rows.push({
  operation: 'register',
  gas: await send(contributor, { ...registry, functionName: 'register', args: [sample] }),
  note: `metadata URI of ${sample.metadataURI.length} bytes`,
})
for (const size of [1, 10, 100]) {
  const batch = Array.from({ length: size }, () => registration(1))
  const gas = await send(contributor, { ...registry, functionName: 'registerBatch', args: [batch] })
  rows.push({ operation: `registerBatch, per item (${size})`, gas: gas / BigInt(size) })
}

{
  const signed = registration(1)
  const nonce = await publicClient.readContract({ ...registry, functionName: 'nonces', args: [contributor.address] })
  const deadline = (await publicClient.getBlock()).timestamp + 3600n
  const signature = await contributor.signTypedData({
    domain: registrationDomain({ chainId: 31337, registry: ledger.registry }),
    types: registrationTypes,
    primaryType: 'Registration',
    message: { contributor: contributor.address, ...signed, nonce, deadline },
  })
  rows.push({
    operation: 'registerBySig',
    gas: await send(relayer, {
      ...registry,
      functionName: 'registerBySig',
      args: [contributor.address, signed, nonce, deadline, signature],
    }),
    note: 'sent by a relayer',
  })
}

{
  const guarded = registration(2)
  const salt = keccak256(toBytes('salt'))
  const commitment = keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [contributor.address, guarded.contentHash, salt],
    ),
  )
  const commitGas = await send(contributor, { ...registry, functionName: 'commit', args: [commitment] })
  await testClient.increaseTime({ seconds: ledger.minCommitAge })
  const revealGas = await send(contributor, { ...registry, functionName: 'reveal', args: [guarded, salt] })
  rows.push({
    operation: 'commit + reveal',
    gas: commitGas + revealGas,
    note: `commit ${commitGas}, reveal ${revealGas}`,
  })
}

// Rewards: a 100,000-account epoch, then a second epoch that raises everyone's cumulative amount.
const accounts = 100_000
const treeFor = (bonus: bigint) => {
  const allocations = Array.from({ length: accounts }, (_, i) => ({
    account: `0x${(i + 1).toString(16).padStart(40, 'a')}` as Address,
    amount: 1_000n + BigInt(i) + bonus,
  }))
  const tree = buildStandardMerkleTree(allocations.map((a) => rewardLeaf(a.account, a.amount)))
  const total = allocations.reduce((sum, a) => sum + a.amount, 0n)
  return { allocations, tree, total }
}
const started = performance.now()
const epoch1 = treeFor(0n)
const epoch2 = treeFor(500n)
const treeSeconds = ((performance.now() - started) / 2000).toFixed(1)

await send(owner, { ...token, functionName: 'mint', args: [owner.address, epoch2.total] })
await send(owner, { ...token, functionName: 'approve', args: [ledger.distributor, epoch2.total] })
await send(owner, { ...distributor, functionName: 'fund', args: [epoch2.total] })
const manifestHash = keccak256(toBytes('manifest'))
rows.push({
  operation: 'proposeEpoch',
  gas: await send(attributor, {
    ...distributor,
    functionName: 'proposeEpoch',
    args: [
      epoch1.tree.root,
      epoch1.total,
      manifestHash,
      'ipfs://bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi',
    ],
  }),
})

const claimOf = (epoch: typeof epoch1, i: number) => {
  const { account, amount } = epoch.allocations[i] as { account: Address; amount: bigint }
  return { account, cumulativeAmount: amount, proof: epoch.tree.getProof(rewardLeaf(account, amount)) }
}
const depth = claimOf(epoch1, 0).proof.length
const claim = (epoch: typeof epoch1, i: number) => {
  const { account, cumulativeAmount, proof } = claimOf(epoch, i)
  return send(relayer, { ...distributor, functionName: 'claim', args: [account, cumulativeAmount, proof] })
}
// One claim first, so that the figures below do not carry the one-time cost of the distributor's totals slot.
await claim(epoch1, 99_999)
rows.push({
  operation: 'claim, first (100,000-account tree)',
  gas: await claim(epoch1, 0),
  note: `proof of ${depth} hashes; pays an account holding no tokens yet`,
})
const many = Array.from({ length: 10 }, (_, i) => claimOf(epoch1, 1 + i))
const manyGas = await send(relayer, { ...distributor, functionName: 'claimMany', args: [many] })
rows.push({ operation: 'claimMany, per claim (10)', gas: manyGas / 10n, note: 'first claims' })

await send(attributor, {
  ...distributor,
  functionName: 'proposeEpoch',
  args: [epoch2.tree.root, epoch2.total, manifestHash, 'ipfs://second'],
})
rows.push({
  operation: 'claim, repeat (100,000-account tree)',
  gas: await claim(epoch2, 0),
  note: 'the same account after a later epoch',
})

const width = Math.max(...rows.map((r) => r.operation.length))
console.log(`\nGas per operation (Hardhat EDR, cancun, solc 0.8.37, optimizer 10,000 runs)\n`)
console.log(`${'operation'.padEnd(width)}  ${'gas'.padStart(9)}  note`)
console.log(`${'-'.repeat(width)}  ${'-'.repeat(9)}  ${'-'.repeat(40)}`)
for (const row of rows) {
  console.log(`${row.operation.padEnd(width)}  ${row.gas.toLocaleString('en-US').padStart(9)}  ${row.note ?? ''}`)
}
/**
 * A passkey account and an EOA side by side on a fresh chain, with or without the P-256 precompile: create the account,
 * registerBySig (ERC-7739 over WebAuthn, from a relayer), claim (no signature) and send the reward tokens on (an ERC-20
 * transfer in a user operation the relayer submits to EntryPoint.handleOps). Each is the account's first of its kind.
 */
async function passkeyFigures(p256Precompile: boolean) {
  const chain: InProcessChain = await createInProcessChain({ p256Precompile })
  const sendOn = async (account: Account, parameters: Parameters<typeof send>[1]) => {
    const hash = await chain.walletOf(account).writeContract(parameters as never)
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    if (receipt.status !== 'success') throw new Error(`${parameters.functionName} reverted`)
    return receipt
  }
  const deployment = await deployLedger(
    { wallet: chain.walletOf(owner), public: chain.publicClient },
    { attributor: attributor.address, guardian: guardian.address, disputePeriod: 0 },
  )
  const { accountFactory, entryPoint, webAuthnVerifier } = deployment as Required<typeof deployment>
  const onRegistry = { address: deployment.registry, abi: contributionRegistryAbi } as const
  await sendOn(owner, {
    ...onRegistry,
    functionName: 'createDatanet',
    args: ['data:,open', { curated: false, commitReveal: false }],
  })

  const passkey = createPasskey()
  const created = await sendOn(relayer, {
    address: accountFactory,
    abi: passkeyAccountFactoryAbi,
    functionName: 'createAccount',
    args: [signerOf(webAuthnVerifier, passkey), zeroHash],
  })
  const [event] = parseEventLogs({
    abi: passkeyAccountFactoryAbi,
    logs: created.logs,
    eventName: 'PasskeyAccountCreated',
  })
  if (!event) throw new Error('no PasskeyAccountCreated event')
  const account = event.args.account

  const deadline = (await chain.publicClient.getBlock()).timestamp + 3600n
  const typedData = (contributor: Address, signed: ReturnType<typeof registration>) =>
    ({
      domain: registrationDomain({ chainId: 31337, registry: deployment.registry }),
      types: registrationTypes,
      primaryType: 'Registration',
      message: { contributor, ...signed, nonce: 0n, deadline },
    }) as const
  const byPasskey = registration(1)
  const hash = hashTypedDataErc7739({
    ...typedData(account, byPasskey),
    verifierDomain: {
      name: 'PasskeyAccount',
      version: '1',
      chainId: 31337,
      verifyingContract: account,
      salt: zeroHash,
    },
  })
  const wrapped = wrapTypedDataSignature({
    ...typedData(account, byPasskey),
    signature: accountSignature(webAuthnVerifier, passkey, hash),
  })
  const register = (contributor: Address, signed: ReturnType<typeof registration>, signature: Hex) =>
    sendOn(relayer, {
      ...onRegistry,
      functionName: 'registerBySig',
      args: [contributor, signed, 0n, deadline, signature],
    })
  const byEoa = registration(1)
  const eoaSignature = await contributor.signTypedData(typedData(contributor.address, byEoa))

  const amount = 10n ** 18n
  // A third account claims first, so neither figure carries the one-time cost of the distributor's totals slot.
  const warmUp = localAccount(10).address
  const tree = buildStandardMerkleTree([
    rewardLeaf(account, amount),
    rewardLeaf(contributor.address, amount),
    rewardLeaf(warmUp, amount),
  ])
  const onToken = { address: deployment.rewardToken, abi: ledgerRewardTokenAbi } as const
  const onDistributor = { address: deployment.distributor, abi: rewardDistributorAbi } as const
  await sendOn(owner, { ...onToken, functionName: 'mint', args: [owner.address, 3n * amount] })
  await sendOn(owner, { ...onToken, functionName: 'approve', args: [deployment.distributor, 3n * amount] })
  await sendOn(owner, { ...onDistributor, functionName: 'fund', args: [3n * amount] })
  await sendOn(attributor, {
    ...onDistributor,
    functionName: 'proposeEpoch',
    args: [tree.root, 3n * amount, zeroHash, 'ipfs://epoch'],
  })
  const claimFor = (address: Address) =>
    sendOn(relayer, {
      ...onDistributor,
      functionName: 'claim',
      args: [address, amount, tree.getProof(rewardLeaf(address, amount))],
    })

  // Each sends everything on to an address that holds none of the token yet.
  const [recipient, eoaRecipient] = [localAccount(11).address, localAccount(12).address]
  const transfer = encodeFunctionData({
    abi: ledgerRewardTokenAbi,
    functionName: 'transfer',
    args: [recipient, amount],
  })
  const operation = {
    sender: account,
    nonce: 0n,
    initCode: '0x' as Hex,
    callData: executeBatch([{ to: deployment.rewardToken, data: transfer }]),
    accountGasLimits: packUint128(1_000_000n, 200_000n),
    preVerificationGas: 50_000n,
    // The relay pays: the account is charged nothing and holds no ETH.
    gasFees: packUint128(0n, 0n),
    paymasterAndData: '0x' as Hex,
    signature: '0x' as Hex,
  }
  const userOpHash = await chain.publicClient.readContract({
    address: entryPoint,
    abi: entryPointAbi,
    functionName: 'getUserOpHash',
    args: [operation],
  })
  const signedOperation = { ...operation, signature: accountSignature(webAuthnVerifier, passkey, userOpHash) }

  return {
    create: created.gasUsed,
    registerBySig: (await register(account, byPasskey, wrapped)).gasUsed,
    registerBySigEoa: (await register(contributor.address, byEoa, eoaSignature)).gasUsed,
    claim: await claimFor(warmUp).then(async () => (await claimFor(account)).gasUsed),
    claimEoa: (await claimFor(contributor.address)).gasUsed,
    send: (
      await sendOn(relayer, {
        address: entryPoint,
        abi: entryPointAbi,
        functionName: 'handleOps',
        args: [[signedOperation], relayer.address],
      })
    ).gasUsed,
    sendEoa: (await sendOn(contributor, { ...onToken, functionName: 'transfer', args: [eoaRecipient, amount] }))
      .gasUsed,
  }
}

const withPrecompile = await passkeyFigures(true)
const withoutPrecompile = await passkeyFigures(false)
const passkeyRows: [string, bigint, bigint, bigint | undefined][] = [
  ['create account (factory clone)', withPrecompile.create, withoutPrecompile.create, undefined],
  [
    'registerBySig, sent by a relayer',
    withPrecompile.registerBySig,
    withoutPrecompile.registerBySig,
    withPrecompile.registerBySigEoa,
  ],
  ['claim (3-account tree)', withPrecompile.claim, withoutPrecompile.claim, withPrecompile.claimEoa],
  ['send (ERC-20 transfer)', withPrecompile.send, withoutPrecompile.send, withPrecompile.sendEoa],
]
const passkeyWidth = Math.max(...passkeyRows.map(([operation]) => operation.length))
const cell = (gas: bigint | undefined, width = 12) =>
  (gas === undefined ? '-' : gas.toLocaleString('en-US')).padStart(width)
console.log(
  `\nPasskey account, with and without the P-256 precompile, beside an EOA (each the account's first of its kind;
the passkey's send is a user operation the relayer submits to EntryPoint.handleOps, the EOA's a plain transfer)\n`,
)
console.log(
  `${'operation'.padEnd(passkeyWidth)}  ${'precompile'.padStart(12)}  ${'no precompile'.padStart(13)}  ${'EOA'.padStart(12)}`,
)
console.log(`${'-'.repeat(passkeyWidth)}  ${'-'.repeat(12)}  ${'-'.repeat(13)}  ${'-'.repeat(12)}`)
for (const [operation, precompile, fallback, eoa] of passkeyRows) {
  console.log(`${operation.padEnd(passkeyWidth)}  ${cell(precompile)}  ${cell(fallback, 13)}  ${cell(eoa)}`)
}

console.log(`
Reference figures (measured earlier on this machine, DESIGN.md §3 and issue 2):
  EAS attest of an equivalent record 317,000; multiAttest 279,000 per item.
  Uniswap merkle-distributor claim ~78,600 on average (one-shot, not cumulative).
Targets: register <= 130,000; registerBatch <= 90,000 per item; first claim <= 78,600.
Building each 100,000-account tree took ${treeSeconds} s.`)
