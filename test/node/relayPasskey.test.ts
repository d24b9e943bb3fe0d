import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseErc6492Signature, serializeErc6492Signature } from 'viem'
import { getTransactionCount } from 'viem/actions'
import { passkeyAccountAbi, passkeyAccountFactoryAbi, passkeyAccountFactoryBytecode } from '../../src/abis/index.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { signContribution } from '../../src/actions/registry/signContribution.js'
import { createRelayHandler, type RelayHandler } from '../../src/relay/index.js'
import { createPasskey } from '../contracts/account.helpers.js'
import { actors, deploy, publicClient, registrationOf, walletOf } from '../contracts/fixture.js'
import {
  accountOf,
  createAccountData,
  freshLedger,
  hasCode,
  ledger,
  post,
  signer,
  signPasskeyRegistration,
} from './relayPasskey.helpers.js'

const relayerTransactions = () => getTransactionCount(publicClient, { address: actors.relayer.address })
const contributorOf = async (contentHash: `0x${string}`) =>
  (await getContributionByHash(publicClient, { contentHash }))?.contributor

describe('relay: registrations from passkey accounts', () => {
  const clock = 1_000_000
  let relay: RelayHandler

  beforeEach(async () => {
    await freshLedger()
    relay = createRelayHandler({ walletClient: walletOf(actors.relayer), now: () => clock })
  })

  it('creates the account of a new passkey, then registers the contribution to it', async () => {
    const passkey = createPasskey()
    const account = await accountOf(passkey)
    const signed = await signPasskeyRegistration(passkey, 'first contribution, no wallet')
    assert.equal(await hasCode(account), false)
    const before = await relayerTransactions()

    const response = await relay(post('', signed))
    assert.equal(response.status, 200)
    assert.equal((await response.json()).status, 'submitted')
    assert.equal(await hasCode(account), true)
    assert.deepEqual(
      await publicClient.readContract({
        address: account,
        abi: passkeyAccountAbi,
        functionName: 'getSigners',
        args: [0n, 10n],
      }),
      [signer(passkey)],
    )
    assert.equal(await contributorOf(signed.registration.contentHash), account)
    assert.equal(await relayerTransactions(), before + 2, 'one transaction creates the account, one registers')
  })

  it('does not create the account again for its next registration, wrapped or not', async () => {
    const passkey = createPasskey()
    const account = await accountOf(passkey)
    // Signed before the account existed, so still wrapped, and sent after the first registration created it.
    const early = await signPasskeyRegistration(passkey, 'signed early')
    const later = await signPasskeyRegistration(passkey, 'signed later', { nonce: 1n, wrap: true })
    assert.equal((await relay(post('', early))).status, 200)
    const before = await relayerTransactions()
    const fromBlock = await publicClient.getBlockNumber()

    assert.equal((await relay(post('', later))).status, 200)
    const unwrapped = await signPasskeyRegistration(passkey, 'signed once it existed')
    assert.equal((await relay(post('', unwrapped))).status, 200)

    assert.equal(await relayerTransactions(), before + 2, 'one transaction per registration, none creates')
    const created = await publicClient.getContractEvents({
      address: ledger.accountFactory,
      abi: passkeyAccountFactoryAbi,
      eventName: 'PasskeyAccountCreated',
      fromBlock,
    })
    assert.equal(created.length, 0)
    for (const signed of [later, unwrapped]) {
      assert.equal(await contributorOf(signed.registration.contentHash), account)
    }
  })

  it('creates an account once when two of its registrations arrive together', async () => {
    const passkey = createPasskey()
    const [one, two] = [
      await signPasskeyRegistration(passkey, 'together one'),
      await signPasskeyRegistration(passkey, 'together two', { nonce: 1n }),
    ]
    const fromBlock = await publicClient.getBlockNumber()
    // Two new contributions arrive at once. (The second may come first and be refused for its nonce: a contributor's
    // signatures go through in the order they were signed.)
    await Promise.all([relay(post('', one)), relay(post('', two))])
    const created = await publicClient.getContractEvents({
      address: ledger.accountFactory,
      abi: passkeyAccountFactoryAbi,
      eventName: 'PasskeyAccountCreated',
      fromBlock,
    })
    assert.equal(created.length, 1)
    assert.equal(await contributorOf(one.registration.contentHash), one.contributor)
  })

  it('answers a repeated passkey registration from memory, sending nothing again', async () => {
    const signed = await signPasskeyRegistration(createPasskey(), 'sent twice')
    const first = await (await relay(post('', signed))).json()
    const before = await relayerTransactions()
    assert.deepEqual(await (await relay(post('', signed))).json(), first)
    assert.equal(await relayerTransactions(), before)
  })

  it('refuses an ERC-6492 wrapper that names another factory, creating nothing', async () => {
    const foreign = await deploy(actors.stranger, {
      abi: passkeyAccountFactoryAbi,
      bytecode: passkeyAccountFactoryBytecode,
      args: [ledger.accountImplementation],
    })
    const passkey = createPasskey()
    const signed = await signPasskeyRegistration(passkey, 'foreign factory', { factory: foreign })
    const before = await relayerTransactions()
    const response = await relay(post('', signed))
    assert.equal(response.status, 403)
    const { error } = await response.json()
    assert.equal(error.name, 'ForeignAccountFactoryError')
    assert.match(error.message, /not made on this platform/)
    assert.match(error.details, new RegExp(foreign))
    assert.equal(await hasCode(signed.contributor), false)
    assert.equal(await relayerTransactions(), before)
  })

  it('refuses a wrapper whose account is not the contributor the registration names', async () => {
    const passkey = createPasskey()
    const someoneElse = await accountOf(createPasskey())
    const signed = await signPasskeyRegistration(passkey, 'not my account', { contributor: someoneElse })
    const response = await relay(post('', signed))
    assert.equal(response.status, 403)
    assert.equal((await response.json()).error.name, 'AccountAddressMismatchError')
    assert.equal(await hasCode(someoneElse), false)
    assert.equal(await hasCode(await accountOf(passkey)), false)
  })

  it('refuses a wrapper whose factory call is anything but createAccount(signer, salt)', async () => {
    const passkey = createPasskey()
    const signed = await signPasskeyRegistration(passkey, 'odd factory call')
    const { signature } = parseErc6492Signature(signed.signature)
    // The right factory and createAccount, with a byte appended to its call data.
    const padded = serializeErc6492Signature({
      address: ledger.accountFactory,
      data: `${createAccountData(passkey)}00`,
      signature,
    })
    const response = await relay(post('', { ...signed, signature: padded }))
    assert.equal(response.status, 403)
    assert.equal((await response.json()).error.name, 'AccountCreationRefusedError')
    assert.equal(await hasCode(signed.contributor), false)
  })

  it('refuses a signature that is not the account’s before creating the account', async () => {
    const passkey = createPasskey()
    const signed = await signPasskeyRegistration(passkey, 'what was signed')
    // The signature replayed for other content.
    const other = await signPasskeyRegistration(passkey, 'what is claimed')
    const response = await relay(post('', { ...other, signature: signed.signature }))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'InvalidSignatureError')
    assert.equal(await hasCode(signed.contributor), false, 'nothing was spent on creating the account')
  })

  it('refuses a replayed signature once the account exists', async () => {
    const passkey = createPasskey()
    const signed = await signPasskeyRegistration(passkey, 'registered once')
    assert.equal((await relay(post('', signed))).status, 200)

    const replayed = { ...(await signPasskeyRegistration(passkey, 'replayed onto')), signature: signed.signature }
    const forged = await relay(post('', replayed))
    assert.equal(forged.status, 422)
    assert.equal((await forged.json()).error.name, 'InvalidSignatureError')

    // Signed with the nonce the first registration used up.
    const stale = await signPasskeyRegistration(passkey, 'stale nonce', { nonce: 0n })
    const response = await relay(post('', stale))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'InvalidNonceError')
  })

  it('still registers a wallet’s plain signature', async () => {
    const signed = await signContribution(walletOf(actors.alice), registrationOf(1, 'from a wallet'))
    assert.equal((await relay(post('', signed))).status, 200)
    assert.equal(await contributorOf(signed.registration.contentHash), actors.alice.address)
  })
})

describe('relay: account creation is rate limited', () => {
  let clock = 1_000_000
  let relay: RelayHandler

  beforeEach(async () => {
    await freshLedger()
    relay = createRelayHandler({
      walletClient: walletOf(actors.relayer),
      accountCreation: { accounts: 2, perSigner: 1, windowMs: 60_000 },
      now: () => clock,
    })
  })

  it('creates at most `accounts` per window in all, saying when to retry', async () => {
    for (const content of ['a', 'b']) {
      assert.equal((await relay(post('', await signPasskeyRegistration(createPasskey(), content)))).status, 200)
    }
    const third = await signPasskeyRegistration(createPasskey(), 'c')
    const limited = await relay(post('', third))
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('retry-after'), '60')
    const { error } = await limited.json()
    assert.equal(error.name, 'AccountCreationLimitError')
    assert.match(error.message, /try again in 60 s/)
    assert.equal(await hasCode(third.contributor), false)

    clock += 60_001
    assert.equal((await relay(post('', third))).status, 200, 'the same request goes through once the window passed')
    assert.equal(await hasCode(third.contributor), true)
  })

  it('creates at most `perSigner` accounts per window for one passkey', async () => {
    const passkey = createPasskey()
    const salt1 = `0x${'00'.repeat(31)}01` as const
    assert.equal((await relay(post('', await signPasskeyRegistration(passkey, 'first account')))).status, 200)
    const second = await signPasskeyRegistration(passkey, 'second account', { salt: salt1 })
    const limited = await relay(post('', second))
    assert.equal(limited.status, 429)
    assert.match((await limited.json()).error.message, /This passkey has set up too many accounts/)
    assert.equal(await hasCode(second.contributor), false)
  })

  it('does not count registrations from accounts that exist', async () => {
    const passkey = createPasskey()
    assert.equal((await relay(post('', await signPasskeyRegistration(passkey, 'one')))).status, 200)
    for (const content of ['two', 'three']) {
      assert.equal((await relay(post('', await signPasskeyRegistration(passkey, content)))).status, 200)
    }
  })
})
