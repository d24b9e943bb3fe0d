import { expect } from '@open-wc/testing'
import { concat, decodeFunctionData, isErc6492Signature, parseErc6492Signature, zeroHash } from 'viem'
import {
  getCode,
  readContract,
  verifyMessage,
  verifyTypedData,
  waitForTransactionReceipt,
  writeContract,
} from 'viem/actions'
import * as factoryAbi from '../../../src/abis/passkeyAccountFactory.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { registerContributionBySigAndWait } from '../../../src/actions/registry/registerContributionBySig.js'
import { type SignedContribution, signContribution } from '../../../src/actions/registry/signContribution.js'
import { localhostDeployment } from '../../../src/chains.js'
import { createPasskeyAccount } from '../../../src/passkey/createPasskeyAccount.js'
import { toPasskeyAccount } from '../../../src/passkey/toPasskeyAccount.js'
import { registrationDomain, registrationTypes } from '../../../src/registry/registrationTypedData.js'
import { actors, clientOf, contentOf, isolateChain, rejectsWith, served } from '../chain.js'
import { addAuthenticator, withAuthenticator } from './authenticator.js'

const reader = clientOf()
const relayer = clientOf(actors.relayer)
const owner = clientOf(actors.owner)

/** Creates the account on-chain as the relay will: anyone may send the factory call, here a funded test key. */
async function deployAccount(signer: `0x${string}`) {
  const hash = await writeContract(relayer, {
    address: served.accountFactory as `0x${string}`,
    abi: [factoryAbi.createAccount],
    functionName: 'createAccount',
    args: [signer, zeroHash],
    chain: relayer.chain,
    account: actors.relayer,
  })
  await waitForTransactionReceipt(relayer, { hash })
}

/** The ERC-6492 wrapper removed: what the registry checks once the account exists. */
const unwrapped = (signed: SignedContribution): SignedContribution => ({
  ...signed,
  signature: parseErc6492Signature(signed.signature).signature,
})

describe('passkey accounts, with Chromium’s virtual authenticator and the local chain', () => {
  isolateChain()
  const device = withAuthenticator()
  const openDatanet = async () => (await createDatanetAndWait(owner, { metadataURI: 'data:,passkeys' })).datanetId

  it('knows the local chain’s passkey contracts', () => {
    expect(localhostDeployment.accountFactory).to.equal(served.accountFactory)
    expect(localhostDeployment.webAuthnVerifier).to.equal(served.webAuthnVerifier)
    expect(localhostDeployment.entryPoint).to.equal(served.entryPoint)
  })

  it('creates a passkey whose account is the address the factory predicts, before the account exists', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    expect(created.signer.toLowerCase()).to.equal(
      concat([served.webAuthnVerifier as `0x${string}`, created.credential.publicKey]).toLowerCase(),
    )
    const predicted = await readContract(reader, {
      address: served.accountFactory as `0x${string}`,
      abi: [factoryAbi.predictAddress],
      functionName: 'predictAddress',
      args: [created.signer, zeroHash],
    })
    expect(created.address).to.equal(predicted)
    expect(await getCode(reader, { address: created.address })).to.equal(undefined)
    expect(created.deviceBound).to.equal(false)

    const [stored] = await device.authenticator.credentials()
    expect(stored?.isResidentCredential, 'a passkey another device can find').to.equal(true)
    expect(stored?.rpId).to.equal('localhost')
  })

  it('says when a passkey stays on its device', async () => {
    await device.authenticator.remove()
    device.authenticator = await addAuthenticator({ backupEligible: false })
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    expect(created.deviceBound).to.equal(true)
  })

  it('signs a contribution with signContribution, wrapped with the call that creates the account', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    expect(account.address).to.equal(created.address)
    const datanetId = await openDatanet()
    const signed = await signContribution(reader, { account, datanetId, ...(await contentOf('passkey.txt')) })
    expect(signed.contributor).to.equal(created.address)

    expect(isErc6492Signature(signed.signature)).to.equal(true)
    const { address, data } = parseErc6492Signature(signed.signature)
    expect(address).to.equal(served.accountFactory)
    const call = decodeFunctionData({ abi: [factoryAbi.createAccount], data: data as `0x${string}` })
    expect(call.functionName).to.equal('createAccount')
    expect(call.args).to.deep.equal([created.signer, zeroHash])

    // ERC-6492 verification creates the account in a simulation and asks it: the signature is the account's.
    const valid = await verifyTypedData(reader, {
      address: created.address,
      domain: registrationDomain({ chainId: signed.chainId, registry: signed.registry }),
      types: registrationTypes,
      primaryType: 'Registration',
      message: {
        contributor: signed.contributor,
        ...signed.registration,
        nonce: BigInt(signed.nonce),
        deadline: BigInt(signed.deadline),
      },
      signature: signed.signature,
    })
    expect(valid).to.equal(true)
    expect(await getCode(reader, { address: created.address }), 'verifying created nothing').to.equal(undefined)
  })

  it('signs messages the account verifies, before and after it exists', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    const message = 'I agree to the datanet’s terms.'
    const before = await account.signMessage({ message })
    expect(await verifyMessage(reader, { address: created.address, message, signature: before })).to.equal(true)
    await deployAccount(created.signer)
    const after = await account.signMessage({ message })
    expect(isErc6492Signature(after)).to.equal(false)
    expect(await verifyMessage(reader, { address: created.address, message, signature: after })).to.equal(true)
    expect(
      await verifyMessage(reader, { address: created.address, message: 'something else', signature: after }),
    ).to.equal(false)
  })

  it('registers the contribution to the account once the account exists', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    const datanetId = await openDatanet()
    const content = await contentOf('passkey.txt')
    const signed = await signContribution(reader, { account, datanetId, ...content })

    await deployAccount(created.signer)
    expect(await account.exists()).to.equal(true)
    const registered = await registerContributionBySigAndWait(relayer, { signed: unwrapped(signed) })
    expect(registered.contributor).to.equal(created.address)
    const found = await getContributionByHash(reader, { contentHash: content.contentHash })
    expect(found?.contributor).to.equal(created.address)

    // Now that it exists, its signatures need no wrapper.
    const next = await signContribution(reader, { account, datanetId, ...(await contentOf('second.txt')) })
    expect(isErc6492Signature(next.signature)).to.equal(false)
    expect((await registerContributionBySigAndWait(relayer, { signed: next })).contributor).to.equal(created.address)
  })

  it('asks again, and signs nothing, when the device cannot confirm it is the person', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    await device.authenticator.setUserVerified(false)
    const datanetId = await openDatanet()
    await rejectsWith(
      signContribution(reader, { account, datanetId, ...(await contentOf('x')) }),
      'PasskeyCancelledError',
    )
  })

  it('is refused on-chain when the authenticator did not verify the person', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    const datanetId = await openDatanet()
    await deployAccount(created.signer)
    await device.authenticator.overrideResponses({ isBadUV: true })
    const signed = await signContribution(reader, { account, datanetId, ...(await contentOf('no-uv')) })
    await rejectsWith(registerContributionBySigAndWait(relayer, { signed }), 'InvalidSignatureError')
  })

  it('is refused when signed without the account’s own domain (no ERC-7739 wrapper)', async () => {
    const created = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const account = await toPasskeyAccount(reader, { credential: created.credential })
    const datanetId = await openDatanet()
    await deployAccount(created.signer)
    const signed = await signContribution(reader, { account, datanetId, ...(await contentOf('plain')) })
    const { hashTypedData } = await import('viem')
    const plain = await account.sign({
      hash: hashTypedData({
        domain: registrationDomain({ chainId: signed.chainId, registry: signed.registry }),
        types: registrationTypes,
        primaryType: 'Registration',
        message: {
          contributor: signed.contributor,
          ...signed.registration,
          nonce: BigInt(signed.nonce),
          deadline: BigInt(signed.deadline),
        },
      }),
    })
    await rejectsWith(
      registerContributionBySigAndWait(relayer, { signed: { ...signed, signature: plain } }),
      'InvalidSignatureError',
    )
  })

  it('is refused for another person’s account', async () => {
    const ada = await createPasskeyAccount(reader, { name: 'ada@example.org' })
    const bob = await createPasskeyAccount(reader, { name: 'bob@example.org' })
    await deployAccount(ada.signer)
    const datanetId = await openDatanet()
    const adaAccount = await toPasskeyAccount(reader, { credential: ada.credential })
    // Bob's passkey signing as if it were one of Ada's account's passkeys.
    const impostor = await toPasskeyAccount(reader, { credential: bob.credential, address: ada.address })
    const signed = await signContribution(reader, { account: impostor, datanetId, ...(await contentOf('stolen')) })
    expect(signed.contributor).to.equal(adaAccount.address)
    await rejectsWith(registerContributionBySigAndWait(relayer, { signed }), 'InvalidSignatureError')
  })
})
