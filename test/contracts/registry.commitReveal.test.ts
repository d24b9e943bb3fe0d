import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { type Address, encodeAbiParameters, type Hex, keccak256, parseEventLogs } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi } from '../../src/abis/index.js'
import {
  actors,
  commitWindow,
  expectRevert,
  loadFixture,
  nextBlockAfter,
  publicClient,
  randomHash,
  registrationOf,
  write,
} from './fixture.js'

const commitmentOf = (contributor: Address, contentHash: Hex, salt: Hex) =>
  keccak256(
    encodeAbiParameters(
      [{ type: 'address' }, { type: 'bytes32' }, { type: 'bytes32' }],
      [contributor, contentHash, salt],
    ),
  )

describe('ContributionRegistry: commit and reveal', () => {
  let ledger: LedgerDeployment
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi })
  const GUARDED = 1
  const registration = registrationOf(GUARDED, 'a prompt worth stealing')
  const salt = randomHash()
  const commit = (account = actors.alice, commitment = commitmentOf(account.address, registration.contentHash, salt)) =>
    write(account, { ...registry(), functionName: 'commit', args: [commitment] })
  const reveal = (account = actors.alice, revealedSalt = salt) =>
    write(account, { ...registry(), functionName: 'reveal', args: [registration, revealedSalt] })
  const contributorOf = async () =>
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
      args: ['data:,guarded', { curated: false, commitReveal: true }],
    })
  })

  it('registers for the committer after the minimum age, and consumes the commitment', async () => {
    const receipt = await commit()
    const [committed] = parseEventLogs({ abi: contributionRegistryAbi, eventName: 'Committed', logs: receipt.logs })
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    assert.equal(committed?.args.revealableAt, Number(block.timestamp) + commitWindow.minCommitAge)
    assert.equal(committed?.args.expiresAt, Number(block.timestamp) + commitWindow.maxCommitAge)

    await nextBlockAfter(commitWindow.minCommitAge)
    await reveal()
    assert.equal(await contributorOf(), actors.alice.address)
    const commitment = commitmentOf(actors.alice.address, registration.contentHash, salt)
    assert.equal(await publicClient.readContract({ ...registry(), functionName: 'commitments', args: [commitment] }), 0)
  })

  it('refuses a reveal before the minimum age', async () => {
    const receipt = await commit()
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    await nextBlockAfter(commitWindow.minCommitAge - 1)
    await expectRevert(reveal(), 'ContributionRegistryCommitmentTooNew', [
      commitmentOf(actors.alice.address, registration.contentHash, salt),
      block.timestamp + BigInt(commitWindow.minCommitAge),
    ])
  })

  it('refuses a reveal after the maximum age', async () => {
    const receipt = await commit()
    const block = await publicClient.getBlock({ blockNumber: receipt.blockNumber })
    await nextBlockAfter(commitWindow.maxCommitAge + 1)
    await expectRevert(reveal(), 'ContributionRegistryCommitmentExpired', [
      commitmentOf(actors.alice.address, registration.contentHash, salt),
      block.timestamp + BigInt(commitWindow.maxCommitAge),
    ])
  })

  it('refuses a reveal with the wrong salt', async () => {
    await commit()
    await nextBlockAfter(commitWindow.minCommitAge)
    const wrongSalt = randomHash()
    await expectRevert(reveal(actors.alice, wrongSalt), 'ContributionRegistryCommitmentNotFound', [
      commitmentOf(actors.alice.address, registration.contentHash, wrongSalt),
    ])
  })

  it('gives a copier of the hash and even of the salt no credit: the commitment binds the contributor', async () => {
    await commit()
    // Bob saw Alice's reveal in the mempool and copies it, salt included, from his own account.
    await nextBlockAfter(commitWindow.minCommitAge)
    await expectRevert(reveal(actors.bob), 'ContributionRegistryCommitmentNotFound')
    // Committing the copied hash himself only starts his own clock; Alice reveals first.
    await commit(actors.bob)
    await reveal(actors.alice)
    await nextBlockAfter(commitWindow.minCommitAge)
    await expectRevert(reveal(actors.bob), 'ContributionRegistryAlreadyRegistered')
    assert.equal(await contributorOf(), actors.alice.address)
  })

  it('refuses to restart the clock of a live commitment, but accepts it again once expired', async () => {
    await commit()
    const commitment = commitmentOf(actors.alice.address, registration.contentHash, salt)
    await expectRevert(commit(actors.bob, commitment), 'ContributionRegistryCommitmentExists', [commitment])
    await nextBlockAfter(commitWindow.maxCommitAge + 1)
    await commit()
    await nextBlockAfter(commitWindow.minCommitAge)
    await reveal()
    assert.equal(await contributorOf(), actors.alice.address)
  })
})
