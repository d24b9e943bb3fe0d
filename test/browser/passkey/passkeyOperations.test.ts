import { expect } from '@open-wc/testing'
import { encodeFunctionData, erc20Abi, type Hex } from 'viem'
import { createWebAuthnCredential } from 'viem/account-abstraction'
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import * as accountAbi from '../../../src/abis/passkeyAccount.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { registerContributionBySigAndWait } from '../../../src/actions/registry/registerContributionBySig.js'
import { signContribution } from '../../../src/actions/registry/signContribution.js'
import { addPasskey } from '../../../src/passkey/addPasskey.js'
import { createPasskeyAccount } from '../../../src/passkey/createPasskeyAccount.js'
import { findPasskeyAccount } from '../../../src/passkey/findPasskeyAccount.js'
import { removePasskey } from '../../../src/passkey/removePasskey.js'
import { sendFromPasskeyAccount } from '../../../src/passkey/sendFromPasskeyAccount.js'
import { toPasskeyAccount } from '../../../src/passkey/toPasskeyAccount.js'
import { waitForPasskeyOperation } from '../../../src/passkey/waitForPasskeyOperation.js'
import { actors, clientOf, contentOf, isolateChain, rejectsWith, served } from '../chain.js'
import { addAuthenticator, type VirtualCredential, withAuthenticator } from './authenticator.js'
import { submitToEntryPoint } from './userOperationRelay.js'

const reader = clientOf()
const owner = clientOf(actors.owner)
const relayer = clientOf(actors.relayer)
const relayUrl = '/__relay/operations'
const token = served.rewardToken as Hex

const balanceOf = (address: Hex) =>
  readContract(reader, { address: token, abi: erc20Abi, functionName: 'balanceOf', args: [address] })

async function mint(to: Hex, amount: bigint) {
  const hash = await writeContract(owner, {
    address: token,
    abi: [
      {
        type: 'function',
        name: 'mint',
        stateMutability: 'nonpayable',
        inputs: [
          { name: 'to', type: 'address' },
          { name: 'amount', type: 'uint256' },
        ],
        outputs: [],
      },
    ],
    functionName: 'mint',
    args: [to, amount],
    chain: owner.chain,
    account: actors.owner,
  })
  await waitForTransactionReceipt(owner, { hash })
}

/** The value, which the test needs to be there. */
function present<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`no ${what}`)
  return value
}

const transfer = (to: Hex, amount: bigint) => ({
  to: token,
  data: encodeFunctionData({ abi: erc20Abi, functionName: 'transfer', args: [to, amount] }),
})

describe('passkey accounts act through the relay, and find their account on a new device', () => {
  isolateChain()
  const device = withAuthenticator()
  const openDatanet = async () => (await createDatanetAndWait(owner, { metadataURI: 'data:,passkeys' })).datanetId
  const contribute = async (account: Awaited<ReturnType<typeof toPasskeyAccount>>) => {
    const signed = await signContribution(reader, {
      account,
      datanetId: await openDatanet(),
      ...(await contentOf('x')),
    })
    return registerContributionBySigAndWait(relayer, { signed })
  }

  it('sends tokens from an account that does not exist yet: the same operation creates it', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    await mint(created.address, 1_000n)
    const relayerEth = await reader.request({ method: 'eth_getBalance', params: [actors.relayer.address, 'latest'] })

    const sent = await sendFromPasskeyAccount(reader, {
      account,
      calls: [transfer(actors.carol.address, 400n)],
      relayUrl,
    })
    await waitForPasskeyOperation(reader, sent)
    expect(await account.exists()).to.equal(true)
    expect(await balanceOf(created.address)).to.equal(600n)
    expect(await balanceOf(actors.carol.address)).to.equal(400n)
    const after = await reader.request({ method: 'eth_getBalance', params: [actors.relayer.address, 'latest'] })
    expect(BigInt(after) < BigInt(relayerEth), 'the relay paid').to.equal(true)

    // And again, now that it exists.
    await waitForPasskeyOperation(
      reader,
      await sendFromPasskeyAccount(reader, {
        account,
        calls: [transfer(actors.carol.address, 100n)],
        relayUrl,
      }),
    )
    expect(await balanceOf(created.address)).to.equal(500n)
  })

  it('is refused by the relay before anything is sent when it would fail, and nothing moves', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    await mint(created.address, 10n)
    await rejectsWith(
      sendFromPasskeyAccount(reader, { account, calls: [transfer(actors.carol.address, 11n)], relayUrl }),
      'RelayRejectedError',
    )
    expect(await balanceOf(created.address)).to.equal(10n)
  })

  it('reports an action that a relay sent but that did not go through on-chain, and nothing moves', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    await mint(created.address, 10n)
    // A relay that submits without simulating first, so the failure happens on-chain.
    const sent = await sendFromPasskeyAccount(reader, {
      account,
      calls: [transfer(actors.carol.address, 11n)],
      relayUrl,
      fetch: submitToEntryPoint,
    })
    await rejectsWith(waitForPasskeyOperation(reader, sent), 'PasskeyOperationFailedError')
    expect(await balanceOf(created.address)).to.equal(10n)
  })

  it('finds the account of a synced passkey on a new device, after the account was used', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    // Its first action creates it.
    await waitForPasskeyOperation(
      reader,
      await sendFromPasskeyAccount(reader, {
        account,
        calls: [transfer(actors.carol.address, 0n)],
        relayUrl,
      }),
    )
    // The passkey syncs to a new device (another authenticator), which has nothing else.
    const synced = present((await device.authenticator.credentials())[0], 'passkey')
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator()
    await device.authenticator.addCredential(synced)

    const found = await findPasskeyAccount(reader)
    expect(found.address).to.equal(created.address)
    expect(found.credential).to.deep.equal(created.credential)
    const after = present((await device.authenticator.credentials())[0], 'passkey')
    expect(after.signCount - synced.signCount, 'one prompt').to.equal(1)
  })

  it('finds the account of a passkey never used on-chain, with a second prompt', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const before = present((await device.authenticator.credentials())[0], 'passkey')
    const found = await findPasskeyAccount(reader)
    expect(found.address).to.equal(created.address)
    expect(found.credential.publicKey.toLowerCase()).to.equal(created.credential.publicKey.toLowerCase())
    const after = present((await device.authenticator.credentials())[0], 'passkey')
    expect(after.signCount - before.signCount, 'two prompts').to.equal(2)
  })

  it('finds no account for a passkey that was not created for one', async () => {
    await createWebAuthnCredential({ name: 'someone else’s passkey' })
    await rejectsWith(findPasskeyAccount(reader), 'PasskeyNotFoundError')
  })

  it('finds nothing, and says so, when the device has no passkey', async () => {
    await rejectsWith(findPasskeyAccount(reader), 'PasskeyCancelledError')
  })

  it('adds a second passkey that signs for the same account, and removes the first', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const first = await toPasskeyAccount(reader, { credential: created.credential })
    const added = await addPasskey(reader, {
      account: first,
      name: 'ada@example.org (phone)',
      relayUrl,
    })
    expect(
      await readContract(reader, {
        address: created.address,
        abi: [accountAbi.isSigner],
        functionName: 'isSigner',
        args: [added.signer],
      }),
    ).to.equal(true)

    // The phone holds only the added passkey; its account is found from its user handle.
    const passkeys = await device.authenticator.credentials()
    const kind = (passkey: VirtualCredential) => atob(passkey.userHandle ?? '').charCodeAt(0)
    const laptopPasskey = present(
      passkeys.find((passkey) => kind(passkey) === 1),
      'first passkey',
    )
    const phonePasskey = present(
      passkeys.find((passkey) => kind(passkey) === 2),
      'added passkey',
    )
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator()
    await device.authenticator.addCredential(phonePasskey)
    const found = await findPasskeyAccount(reader)
    expect(found.address).to.equal(created.address)
    const second = await toPasskeyAccount(reader, { credential: found.credential, address: found.address })
    expect((await contribute(second)).contributor).to.equal(created.address)

    await removePasskey(reader, { account: second, signer: created.signer, relayUrl })
    // The first passkey, back on a device, no longer signs for the account.
    await device.authenticator.addCredential(laptopPasskey)
    await rejectsWith(contribute(first), 'InvalidSignatureError')
    // The phone's passkey is now the account's only one: removing it is refused before any prompt.
    const signatures = (await device.authenticator.credentials()).reduce((sum, c) => sum + c.signCount, 0)
    await rejectsWith(removePasskey(reader, { account: second, signer: second.signer, relayUrl }), 'LastPasskeyError')
    expect((await device.authenticator.credentials()).reduce((sum, c) => sum + c.signCount, 0)).to.equal(signatures)
  })
})
