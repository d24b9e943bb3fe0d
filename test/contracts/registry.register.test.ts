import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseEventLogs, zeroHash } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi } from '../../src/abis/index.js'
import { actors, expectRevert, latestTimestamp, loadFixture, publicClient, registrationOf, write } from './fixture.js'

const Status = { None: 0, Pending: 1, Accepted: 2, Rejected: 3 } as const

describe('ContributionRegistry: registration', () => {
  let ledger: LedgerDeployment
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi })
  const getContribution = (contentHash: `0x${string}`) =>
    publicClient.readContract({ ...registry(), functionName: 'getContribution', args: [contentHash] })
  const OPEN = 1
  const CURATED = 2
  const COMMIT_REVEAL = 3

  beforeEach(async () => {
    ledger = await loadFixture()
    for (const policy of [
      { curated: false, commitReveal: false },
      { curated: true, commitReveal: false },
      { curated: false, commitReveal: true },
    ]) {
      await write(actors.owner, { ...registry(), functionName: 'createDatanet', args: ['data:,datanet', policy] })
    }
    await write(actors.owner, {
      ...registry(),
      functionName: 'setCurator',
      args: [CURATED, actors.curator.address, true],
    })
  })

  it('registers content in an open datanet as accepted, keyed by its SHA-256', async () => {
    const registration = registrationOf(OPEN, 'a labelled image of a cat')
    const receipt = await write(actors.alice, { ...registry(), functionName: 'register', args: [registration] })

    const [event] = parseEventLogs({
      abi: contributionRegistryAbi,
      eventName: 'ContributionRegistered',
      logs: receipt.logs,
    })
    assert.deepEqual(event?.args, {
      contentHash: registration.contentHash,
      contributor: actors.alice.address,
      datanetId: OPEN,
      metadataHash: registration.metadataHash,
      metadataURI: registration.metadataURI,
      status: Status.Accepted,
    })
    assert.deepEqual(await getContribution(registration.contentHash), {
      contributor: actors.alice.address,
      datanetId: OPEN,
      registeredAt: Number(await latestTimestamp()),
      status: Status.Accepted,
      metadataHash: registration.metadataHash,
    })
  })

  it('reads an unknown content hash as status None rather than reverting, so batched reads never fail', async () => {
    const unknown = await getContribution(registrationOf(OPEN, 'never registered').contentHash)
    assert.equal(unknown.status, Status.None)
    assert.equal(unknown.contributor, '0x0000000000000000000000000000000000000000')
  })

  it('reads many contributions in one call, in order, with status None for unknown content', async () => {
    const registrations = ['first', 'second'].map((text) => registrationOf(OPEN, text))
    await write(actors.alice, { ...registry(), functionName: 'registerBatch', args: [registrations] })
    const unknown = registrationOf(OPEN, 'unknown').contentHash
    const found = await publicClient.readContract({
      ...registry(),
      functionName: 'getContributions',
      args: [[registrations[1]?.contentHash ?? zeroHash, unknown, registrations[0]?.contentHash ?? zeroHash]],
    })
    assert.deepEqual(
      found.map((c) => [c.contributor, c.status]),
      [
        [actors.alice.address, Status.Accepted],
        ['0x0000000000000000000000000000000000000000', Status.None],
        [actors.alice.address, Status.Accepted],
      ],
    )
  })

  it('refuses a duplicate and names the existing contributor and date', async () => {
    const registration = registrationOf(OPEN, 'the same bytes')
    await write(actors.alice, { ...registry(), functionName: 'register', args: [registration] })
    const registeredAt = Number(await latestTimestamp())
    await expectRevert(
      write(actors.bob, {
        ...registry(),
        functionName: 'register',
        args: [{ ...registration, metadataURI: 'data:,x' }],
      }),
      'ContributionRegistryAlreadyRegistered',
      [registration.contentHash, actors.alice.address, registeredAt],
    )
  })

  it('refuses the zero hash and unknown datanets', async () => {
    await expectRevert(
      write(actors.alice, {
        ...registry(),
        functionName: 'register',
        args: [{ ...registrationOf(OPEN, 'x'), contentHash: zeroHash }],
      }),
      'ContributionRegistryInvalidContentHash',
    )
    await expectRevert(
      write(actors.alice, { ...registry(), functionName: 'register', args: [registrationOf(42, 'x')] }),
      'ContributionRegistryDatanetNotFound',
      [42],
    )
  })

  it('registers a batch atomically, for the caller', async () => {
    const registrations = ['one', 'two', 'three'].map((text) => registrationOf(OPEN, text))
    const receipt = await write(actors.bob, { ...registry(), functionName: 'registerBatch', args: [registrations] })
    const events = parseEventLogs({
      abi: contributionRegistryAbi,
      eventName: 'ContributionRegistered',
      logs: receipt.logs,
    })
    assert.deepEqual(
      events.map((e) => [e.args.contentHash, e.args.contributor]),
      registrations.map((r) => [r.contentHash, actors.bob.address]),
    )

    const withDuplicate = [registrationOf(OPEN, 'four'), registrationOf(OPEN, 'one')]
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'registerBatch', args: [withDuplicate] }),
      'ContributionRegistryAlreadyRegistered',
    )
    const four = withDuplicate[0]
    assert.ok(four)
    assert.equal((await getContribution(four.contentHash)).status, Status.None, 'a failed batch registers nothing')
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'registerBatch', args: [[]] }),
      'ContributionRegistryEmptyBatch',
    )
  })

  it('keeps contributions to a curated datanet pending until a curator accepts or rejects them', async () => {
    const accepted = registrationOf(CURATED, 'good label')
    const rejected = registrationOf(CURATED, 'spam')
    await write(actors.alice, { ...registry(), functionName: 'registerBatch', args: [[accepted, rejected]] })
    assert.equal((await getContribution(accepted.contentHash)).status, Status.Pending)

    const receipt = await write(actors.curator, {
      ...registry(),
      functionName: 'reviewContribution',
      args: [accepted.contentHash, true],
    })
    const [reviewed] = parseEventLogs({
      abi: contributionRegistryAbi,
      eventName: 'ContributionReviewed',
      logs: receipt.logs,
    })
    assert.deepEqual(reviewed?.args, {
      contentHash: accepted.contentHash,
      datanetId: CURATED,
      curator: actors.curator.address,
      status: Status.Accepted,
    })
    await write(actors.owner, {
      ...registry(),
      functionName: 'reviewContribution',
      args: [rejected.contentHash, false],
    })
    assert.equal((await getContribution(accepted.contentHash)).status, Status.Accepted)
    assert.equal((await getContribution(rejected.contentHash)).status, Status.Rejected)
  })

  it('lets only curators review, only pending contributions, only existing ones', async () => {
    const pending = registrationOf(CURATED, 'awaiting review')
    await write(actors.alice, { ...registry(), functionName: 'register', args: [pending] })
    await expectRevert(
      write(actors.alice, { ...registry(), functionName: 'reviewContribution', args: [pending.contentHash, true] }),
      'ContributionRegistryNotCurator',
      [CURATED, actors.alice.address],
    )
    await write(actors.curator, {
      ...registry(),
      functionName: 'reviewContribution',
      args: [pending.contentHash, true],
    })
    await expectRevert(
      write(actors.curator, { ...registry(), functionName: 'reviewContribution', args: [pending.contentHash, false] }),
      'ContributionRegistryNotPending',
      [pending.contentHash, Status.Accepted],
    )
    const missing = registrationOf(CURATED, 'never registered').contentHash
    await expectRevert(
      write(actors.curator, { ...registry(), functionName: 'reviewContribution', args: [missing, true] }),
      'ContributionRegistryContributionNotFound',
      [missing],
    )
  })

  it('refuses direct registration in a commit-reveal datanet', async () => {
    await expectRevert(
      write(actors.alice, { ...registry(), functionName: 'register', args: [registrationOf(COMMIT_REVEAL, 'x')] }),
      'ContributionRegistryCommitRevealRequired',
      [COMMIT_REVEAL],
    )
    await expectRevert(
      write(actors.alice, {
        ...registry(),
        functionName: 'registerBatch',
        args: [[registrationOf(COMMIT_REVEAL, 'x')]],
      }),
      'ContributionRegistryCommitRevealRequired',
    )
  })
})
