import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { type Address, type Hex, hashTypedData, type LocalAccount, parseSignature, serializeSignature } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi, contributionRegistryBytecode } from '../../src/abis/index.js'
import { registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { erc1271WalletMockAbi, erc1271WalletMockBytecode } from '../abis/index.js'
import {
  actors,
  commitWindow,
  deploy,
  expectRevert,
  latestTimestamp,
  loadFixture,
  publicClient,
  registrationOf,
  write,
} from './fixture.js'

type Registration = ReturnType<typeof registrationOf>

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n

describe('ContributionRegistry: signed registration (EIP-712)', () => {
  let ledger: LedgerDeployment
  let deadline: bigint
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi })

  function typedData(
    contributor: Address,
    registration: Registration,
    nonce: bigint,
    options: { chainId?: number; verifyingContract?: Address } = {},
  ) {
    return {
      domain: registrationDomain({
        chainId: options.chainId ?? 31337,
        registry: options.verifyingContract ?? ledger.registry,
      }),
      types: registrationTypes,
      primaryType: 'Registration',
      message: { contributor, ...registration, nonce, deadline },
    } as const
  }
  const sign = (signer: LocalAccount, contributor: Address, registration: Registration, nonce = 0n, options = {}) =>
    signer.signTypedData(typedData(contributor, registration, nonce, options))
  const submit = (contributor: Address, registration: Registration, signature: Hex, nonce = 0n) =>
    write(actors.relayer, {
      ...registry(),
      functionName: 'registerBySig',
      args: [contributor, registration, nonce, deadline, signature],
    })
  const contributorOf = async (registration: Registration) =>
    (
      await publicClient.readContract({
        ...registry(),
        functionName: 'getContribution',
        args: [registration.contentHash],
      })
    ).contributor

  beforeEach(async () => {
    ledger = await loadFixture()
    await write(actors.owner, {
      ...registry(),
      functionName: 'createDatanet',
      args: ['data:,open', { curated: false, commitReveal: false }],
    })
    deadline = (await latestTimestamp()) + 3600n
  })

  it('exposes its EIP-712 domain (ERC-5267)', async () => {
    const [, name, version, chainId, verifyingContract] = await publicClient.readContract({
      ...registry(),
      functionName: 'eip712Domain',
    })
    assert.deepEqual(
      [name, version, chainId, verifyingContract],
      ['ContributionRegistry', '1', 31337n, ledger.registry],
    )
  })

  it('credits the signer, not the relayer that paid the gas, and uses up the nonce', async () => {
    const registration = registrationOf(1, 'signed by alice')
    await submit(actors.alice.address, registration, await sign(actors.alice, actors.alice.address, registration))
    assert.equal(await contributorOf(registration), actors.alice.address)
    assert.equal(
      await publicClient.readContract({ ...registry(), functionName: 'nonces', args: [actors.alice.address] }),
      1n,
    )
  })

  it('refuses a replayed signature', async () => {
    const registration = registrationOf(1, 'replayed')
    const signature = await sign(actors.alice, actors.alice.address, registration)
    await submit(actors.alice.address, registration, signature)
    await expectRevert(submit(actors.alice.address, registration, signature), 'ContributionRegistryInvalidNonce', [
      actors.alice.address,
      1n,
    ])
  })

  it('refuses a signature made for another chain or another registry', async () => {
    const registration = registrationOf(1, 'elsewhere')
    const otherChain = await sign(actors.alice, actors.alice.address, registration, 0n, { chainId: 1 })
    await expectRevert(submit(actors.alice.address, registration, otherChain), 'ContributionRegistryInvalidSignature', [
      actors.alice.address,
    ])

    const otherRegistry = await deploy(actors.owner, {
      abi: contributionRegistryAbi,
      bytecode: contributionRegistryBytecode,
      args: [commitWindow.minCommitAge, commitWindow.maxCommitAge],
    })
    const otherContract = await sign(actors.alice, actors.alice.address, registration, 0n, {
      verifyingContract: otherRegistry,
    })
    await expectRevert(
      submit(actors.alice.address, registration, otherContract),
      'ContributionRegistryInvalidSignature',
    )
  })

  it('refuses an expired signature', async () => {
    const registration = registrationOf(1, 'too late')
    deadline = (await latestTimestamp()) - 1n
    const signature = await sign(actors.alice, actors.alice.address, registration)
    await expectRevert(submit(actors.alice.address, registration, signature), 'ContributionRegistrySignatureExpired', [
      deadline,
    ])
  })

  it('refuses a signature by someone other than the named contributor', async () => {
    const registration = registrationOf(1, 'stolen credit')
    const byBob = await sign(actors.bob, actors.alice.address, registration)
    await expectRevert(submit(actors.alice.address, registration, byBob), 'ContributionRegistryInvalidSignature', [
      actors.alice.address,
    ])
    const tampered = { ...registration, metadataURI: 'data:,tampered' }
    const signedOriginal = await sign(actors.alice, actors.alice.address, registration)
    await expectRevert(submit(actors.alice.address, tampered, signedOriginal), 'ContributionRegistryInvalidSignature')
  })

  it('refuses the malleable high-s twin of a valid signature', async () => {
    const registration = registrationOf(1, 'malleable')
    const { r, s, yParity } = parseSignature(await sign(actors.alice, actors.alice.address, registration))
    const highS = serializeSignature({
      r,
      s: `0x${(SECP256K1_N - BigInt(s)).toString(16).padStart(64, '0')}`,
      yParity: yParity === 0 ? 1 : 0,
    })
    await expectRevert(submit(actors.alice.address, registration, highS), 'ContributionRegistryInvalidSignature')
  })

  it('accepts an ERC-1271 smart-account signature and refuses one its owner did not make', async () => {
    const smartAccount = await deploy(actors.owner, {
      abi: erc1271WalletMockAbi,
      bytecode: erc1271WalletMockBytecode,
      args: [actors.carol.address],
    })
    const registration = registrationOf(1, 'from a smart account')
    const digest = hashTypedData(typedData(smartAccount, registration, 0n))

    await expectRevert(
      submit(smartAccount, registration, await actors.bob.sign({ hash: digest })),
      'ContributionRegistryInvalidSignature',
      [smartAccount],
    )
    await submit(smartAccount, registration, await actors.carol.sign({ hash: digest }))
    assert.equal(await contributorOf(registration), smartAccount)
  })

  it('lets a contributor cancel outstanding signatures by bumping the nonce', async () => {
    const registration = registrationOf(1, 'changed my mind')
    const signature = await sign(actors.alice, actors.alice.address, registration)
    await write(actors.alice, { ...registry(), functionName: 'invalidateNonce', args: [] })
    await expectRevert(submit(actors.alice.address, registration, signature), 'ContributionRegistryInvalidNonce', [
      actors.alice.address,
      1n,
    ])
    const fresh = await sign(actors.alice, actors.alice.address, registration, 1n)
    await submit(actors.alice.address, registration, fresh, 1n)
    assert.equal(await contributorOf(registration), actors.alice.address)
  })

  it('refuses a signed registration into a commit-reveal datanet', async () => {
    await write(actors.owner, {
      ...registry(),
      functionName: 'createDatanet',
      args: ['data:,guarded', { curated: false, commitReveal: true }],
    })
    const registration = registrationOf(2, 'needs a commitment')
    const signature = await sign(actors.alice, actors.alice.address, registration)
    await expectRevert(
      submit(actors.alice.address, registration, signature),
      'ContributionRegistryCommitRevealRequired',
      [2],
    )
  })
})
