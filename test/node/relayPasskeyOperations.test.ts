import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { type Address, encodeFunctionData, parseUnits, zeroHash } from 'viem'
import { getTransactionCount } from 'viem/actions'
import {
  contributionRegistryAbi,
  ledgerRewardTokenAbi,
  passkeyAccountAbi,
  passkeyAccountFactoryAbi,
  rewardDistributorAbi,
} from '../../src/abis/index.js'
import { buildStandardMerkleTree } from '../../src/merkle/standardMerkleTree.js'
import { createRelayHandler, type RelayHandler } from '../../src/relay/index.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { createPasskey, type Passkey } from '../contracts/account.helpers.js'
import { actors, disputePeriod, publicClient, testClient, walletOf, write } from '../contracts/fixture.js'
import { accountOf, freshLedger, hasCode, ledger, passkeyOperation, post, signer } from './relayPasskey.helpers.js'

const balanceOf = (address: Address) =>
  publicClient.readContract({
    address: ledger.rewardToken,
    abi: ledgerRewardTokenAbi,
    functionName: 'balanceOf',
    args: [address],
  })
const mint = (to: Address, amount: bigint) =>
  write(actors.owner, {
    address: ledger.rewardToken,
    abi: ledgerRewardTokenAbi,
    functionName: 'mint',
    args: [to, amount],
  })
const transfer = (to: Address, amount: bigint) => ({
  to: ledger.rewardToken,
  data: encodeFunctionData({ abi: ledgerRewardTokenAbi, functionName: 'transfer', args: [to, amount] }),
})
const relayerTransactions = () => getTransactionCount(publicClient, { address: actors.relayer.address })

/** Creates `passkey`'s account directly through the factory, as an earlier registration through the relay would. */
async function existingAccount(passkey: Passkey) {
  await write(actors.stranger, {
    address: ledger.accountFactory,
    abi: passkeyAccountFactoryAbi,
    functionName: 'createAccount',
    args: [signer(passkey), zeroHash],
  })
  return accountOf(passkey)
}

/** Funds the distributor and activates an epoch paying `amount` to `account` (and 1 to Alice). */
async function epochPaying(account: Address, amount: bigint) {
  const tree = buildStandardMerkleTree([rewardLeaf(account, amount), rewardLeaf(actors.alice.address, 1n)])
  await mint(actors.owner.address, amount + 1n)
  await write(actors.owner, {
    address: ledger.rewardToken,
    abi: ledgerRewardTokenAbi,
    functionName: 'approve',
    args: [ledger.distributor, amount + 1n],
  })
  await write(actors.owner, {
    address: ledger.distributor,
    abi: rewardDistributorAbi,
    functionName: 'fund',
    args: [amount + 1n],
  })
  await write(actors.attributor, {
    address: ledger.distributor,
    abi: rewardDistributorAbi,
    functionName: 'proposeEpoch',
    args: [tree.root, amount + 1n, zeroHash, 'ipfs://epoch-1'],
  })
  await testClient.increaseTime({ seconds: disputePeriod })
  await testClient.mine({ blocks: 1 })
  return { account, cumulativeAmount: amount.toString(), proof: tree.getProof(rewardLeaf(account, amount)) }
}

describe('relay: claims need no signature and pay only the account', () => {
  let relay: RelayHandler
  const clock = 1_000_000

  beforeEach(async () => {
    await freshLedger()
    relay = createRelayHandler({
      walletClient: walletOf(actors.relayer),
      rateLimit: { requests: 3, windowMs: 60_000 },
      now: () => clock,
    })
  })

  it('claims for a passkey account that does not exist yet, paying it exactly', async () => {
    const account = await accountOf(createPasskey())
    const amount = parseUnits('12.5', 18)
    const claim = await epochPaying(account, amount)
    const response = await relay(post('/claim', claim))
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.deepEqual(
      { ...body, transactionHash: undefined },
      {
        status: 'submitted',
        transactionHash: undefined,
        account,
        cumulativeAmount: amount.toString(),
      },
    )
    assert.equal(await balanceOf(account), amount)
    assert.equal(await balanceOf(actors.relayer.address), 0n, 'the relayer pays the gas and gets nothing')
  })

  it('answers a repeated claim the same way, and a claim already paid as already claimed', async () => {
    const account = await accountOf(createPasskey())
    const claim = await epochPaying(account, 1_000n)
    const first = await (await relay(post('/claim', claim))).json()
    const before = await relayerTransactions()
    assert.deepEqual(await (await relay(post('/claim', claim))).json(), first)
    // Another relay, which never saw the first claim, reads it from the chain.
    const fresh = createRelayHandler({ walletClient: walletOf(actors.relayer) })
    assert.deepEqual(await (await fresh(post('/claim', claim))).json(), {
      status: 'already-claimed',
      account,
      cumulativeAmount: '1000',
    })
    assert.equal(await relayerTransactions(), before)
    assert.equal(await balanceOf(account), 1_000n)
  })

  it('refuses a claim with a wrong proof, naming the reason, and sends nothing', async () => {
    const account = await accountOf(createPasskey())
    const claim = await epochPaying(account, 1_000n)
    const before = await relayerTransactions()
    const response = await relay(post('/claim', { ...claim, cumulativeAmount: '2000' }))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'InvalidProofError')
    assert.equal(await relayerTransactions(), before)
  })

  it('refuses malformed claims, naming the fields', async () => {
    const response = await relay(
      post('/claim', { account: '0x12', cumulativeAmount: 5, proof: [], to: actors.bob.address }),
    )
    assert.equal(response.status, 400)
    const { error } = await response.json()
    assert.equal(error.name, 'RelayRequestError')
    const fields = error.issues.map((issue: { field: string }) => issue.field)
    assert.ok(fields.includes('account') && fields.includes('cumulativeAmount') && fields.includes('body'))
  })

  it('rate-limits claims per account', async () => {
    const account = await accountOf(createPasskey())
    await epochPaying(account, 1_000n)
    for (const amount of ['1', '2', '3']) {
      assert.equal((await relay(post('/claim', { account, cumulativeAmount: amount, proof: [] }))).status, 422)
    }
    const limited = await relay(post('/claim', { account, cumulativeAmount: '4', proof: [] }))
    assert.equal(limited.status, 429)
    assert.equal((await limited.json()).error.name, 'RelayRateLimitError')
  })
})

describe('relay: actions of passkey accounts (user operations)', () => {
  let relay: RelayHandler
  let clock = 1_000_000

  beforeEach(async () => {
    await freshLedger()
    relay = createRelayHandler({
      walletClient: walletOf(actors.relayer),
      rateLimit: { requests: 3, windowMs: 60_000 },
      now: () => clock,
    })
  })

  it('sends reward tokens from an account to another address, with exact balances and nothing paid by either', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    await mint(account, 1_000n)
    const recipient = actors.carol.address
    const before = await balanceOf(recipient)
    const { request, userOperationHash } = await passkeyOperation(passkey, account, [transfer(recipient, 400n)])

    const response = await relay(post('/operations', request))
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.equal(body.status, 'submitted')
    assert.equal(body.userOperationHash, userOperationHash)
    const receipt = await publicClient.waitForTransactionReceipt({ hash: body.transactionHash })
    assert.equal(receipt.from, actors.relayer.address.toLowerCase())
    assert.equal(await balanceOf(account), 600n)
    assert.equal(await balanceOf(recipient), before + 400n)
    assert.equal(await publicClient.getBalance({ address: account }), 0n)
  })

  it('creates the account in the operation when it does not exist yet', async () => {
    const passkey = createPasskey()
    const account = await accountOf(passkey)
    await mint(account, 50n)
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 50n)], { create: {} })
    const response = await relay(post('/operations', request))
    assert.equal(response.status, 200, JSON.stringify(await response.clone().json()))
    assert.equal(await hasCode(account), true)
    assert.equal(await balanceOf(account), 0n)
  })

  it('lets the account add a passkey for another device', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const laptop = createPasskey()
    const addSigner = encodeFunctionData({ abi: passkeyAccountAbi, functionName: 'addSigner', args: [signer(laptop)] })
    const { request } = await passkeyOperation(passkey, account, [{ to: account, data: addSigner }])
    assert.equal((await relay(post('/operations', request))).status, 200)
    assert.equal(
      await publicClient.readContract({
        address: account,
        abi: passkeyAccountAbi,
        functionName: 'isSigner',
        args: [signer(laptop)],
      }),
      true,
    )
  })

  it('answers the same operation the same way however often it arrives, sending it once', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    await mint(account, 10n)
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 10n)])
    const before = await relayerTransactions()
    const answers = await Promise.all([relay(post('/operations', request)), relay(post('/operations', request))])
    const [first, second] = await Promise.all(answers.map((answer) => answer.json()))
    assert.deepEqual(second, first)
    // A relay that never saw it finds it on-chain.
    const fresh = createRelayHandler({ walletClient: walletOf(actors.relayer) })
    assert.deepEqual(await (await fresh(post('/operations', request))).json(), first)
    assert.equal(await relayerTransactions(), before + 1)
  })

  it('refuses calls outside the allow-list', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const approve = encodeFunctionData({
      abi: ledgerRewardTokenAbi,
      functionName: 'approve',
      args: [actors.stranger.address, 10n ** 30n],
    })
    const setCurator = encodeFunctionData({
      abi: contributionRegistryAbi,
      functionName: 'setCurator',
      args: [1, account, true],
    })
    const refused = [
      [{ to: ledger.rewardToken, data: approve }],
      [transfer(actors.bob.address, 1n), { to: actors.stranger.address, data: '0x' as const }],
      [{ to: ledger.distributor, data: encodeFunctionData({ abi: rewardDistributorAbi, functionName: 'pause' }) }],
      [{ to: ledger.accountFactory, data: '0x12345678' as const }],
    ]
    for (const calls of refused) {
      const { request } = await passkeyOperation(passkey, account, calls)
      const response = await relay(post('/operations', request))
      assert.equal(response.status, 403)
      const { error } = await response.json()
      assert.equal(error.name, 'CallNotAllowedError')
      assert.equal(error.message, 'The relay does not carry out this kind of action.')
    }
    // The registry's own functions are allowed; this one then fails for want of the datanet owner's rights.
    const { request } = await passkeyOperation(passkey, account, [{ to: ledger.registry, data: setCurator }])
    const response = await relay(post('/operations', request))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'NotDatanetOwnerError')
  })

  it('refuses senders that are not accounts of the factory', async () => {
    const passkey = createPasskey()
    const cases: [Address, string][] = [
      [ledger.accountImplementation, 'the implementation itself'],
      [ledger.registry, 'another contract'],
      [await accountOf(passkey), 'an account that does not exist, without creating it'],
    ]
    for (const [sender, what] of cases) {
      const { request } = await passkeyOperation(passkey, sender, [transfer(actors.bob.address, 1n)])
      const response = await relay(post('/operations', request))
      assert.equal(response.status, 403, what)
      assert.equal((await response.json()).error.name, 'UnknownAccountError', what)
    }
  })

  it('refuses an operation that creates its account with another factory, or at another address', async () => {
    const passkey = createPasskey()
    const account = await accountOf(passkey)
    const foreign = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 1n)], {
      create: { factory: ledger.registry },
    })
    const foreignResponse = await relay(post('/operations', foreign.request))
    assert.equal(foreignResponse.status, 403)
    assert.equal((await foreignResponse.json()).error.name, 'ForeignAccountFactoryError')

    const elsewhere = await passkeyOperation(createPasskey(), account, [transfer(actors.bob.address, 1n)], {
      create: {},
    })
    const elsewhereResponse = await relay(post('/operations', elsewhere.request))
    assert.equal(elsewhereResponse.status, 403)
    assert.equal((await elsewhereResponse.json()).error.name, 'AccountAddressMismatchError')
    assert.equal(await hasCode(account), false)
  })

  it('refuses operations that ask for more than the limits, or offer fees', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const calls = [transfer(actors.bob.address, 0n)]
    const over = [
      { gas: { callGasLimit: 2_000_001n } },
      { gas: { verificationGasLimit: 5_000_000n } },
      { gas: { preVerificationGas: 1_000_000n } },
      { fees: { maxFeePerGas: 1n, maxPriorityFeePerGas: 1n } },
    ]
    for (const options of over) {
      const { request } = await passkeyOperation(passkey, account, calls, options)
      const response = await relay(post('/operations', request))
      assert.equal(response.status, 403)
      const { error } = await response.json()
      assert.equal(error.name, 'OperationLimitError')
      assert.doesNotMatch(error.message, /gas|nonce|wei|EIP/i)
      assert.match(error.details, /above the relay's limit/)
    }
  })

  it('refuses an operation signed with another passkey', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 0n)], {
      signedBy: createPasskey(),
    })
    const response = await relay(post('/operations', request))
    assert.equal(response.status, 422)
    const { error } = await response.json()
    assert.equal(error.name, 'OperationSignatureInvalidError')
    assert.match(error.details, /AA24/)
  })

  it('refuses an operation whose calls would fail, sending nothing', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const before = await relayerTransactions()
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 1n)])
    const response = await relay(post('/operations', request))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'InsufficientTokenBalanceError')
    assert.equal(await relayerTransactions(), before)
  })

  it('rate-limits each account’s operations, saying when to retry', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    await mint(account, 10n)
    // Independent nonce keys, so each operation is valid on its own.
    for (const nonceKey of [1n, 2n, 3n]) {
      const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 1n)], { nonceKey })
      assert.equal((await relay(post('/operations', request))).status, 200)
    }
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 1n)], { nonceKey: 4n })
    const limited = await relay(post('/operations', request))
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('retry-after'), '60')
    assert.equal((await limited.json()).error.name, 'RelayRateLimitError')
    clock += 60_001
    assert.equal((await relay(post('/operations', request))).status, 200)
    assert.equal(await balanceOf(account), 6n)
  })

  it('counts accounts its operations create against the account-creation limit', async () => {
    const limited = createRelayHandler({
      walletClient: walletOf(actors.relayer),
      accountCreation: { accounts: 1, perSigner: 1, windowMs: 60_000 },
      now: () => clock,
    })
    const operations = []
    for (const passkey of [createPasskey(), createPasskey()]) {
      operations.push(
        await passkeyOperation(passkey, await accountOf(passkey), [transfer(actors.bob.address, 0n)], { create: {} }),
      )
    }
    const [first, second] = operations
    assert.equal((await limited(post('/operations', first?.request))).status, 200)
    const response = await limited(post('/operations', second?.request))
    assert.equal(response.status, 429)
    assert.equal((await response.json()).error.name, 'AccountCreationLimitError')
  })

  it('refuses operations for another chain or EntryPoint', async () => {
    const passkey = createPasskey()
    const account = await existingAccount(passkey)
    const { request } = await passkeyOperation(passkey, account, [transfer(actors.bob.address, 0n)])
    const response = await relay(post('/operations', { ...request, entryPoint: ledger.registry }))
    assert.equal(response.status, 400)
    assert.match((await response.json()).error.message, /EntryPoint/)
  })
})
