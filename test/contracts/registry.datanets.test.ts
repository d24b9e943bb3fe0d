import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseEventLogs } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi } from '../../src/abis/index.js'
import { actors, expectRevert, loadFixture, publicClient, write } from './fixture.js'

describe('ContributionRegistry: datanets', () => {
  let ledger: LedgerDeployment
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi })
  const createDatanet = (owner = actors.alice, policy = { curated: false, commitReveal: false }) =>
    write(owner, { ...registry(), functionName: 'createDatanet', args: ['data:,datanet', policy] })

  beforeEach(async () => {
    ledger = await loadFixture()
  })

  it('creates datanets with sequential ids, owned by the creator, with their policy', async () => {
    const receipt = await createDatanet(actors.alice, { curated: true, commitReveal: false })
    await createDatanet(actors.bob, { curated: false, commitReveal: true })

    const [created] = parseEventLogs({ abi: contributionRegistryAbi, eventName: 'DatanetCreated', logs: receipt.logs })
    assert.deepEqual(created?.args, {
      datanetId: 1,
      owner: actors.alice.address,
      curated: true,
      commitReveal: false,
      metadataURI: 'data:,datanet',
    })
    const second = await publicClient.readContract({ ...registry(), functionName: 'getDatanet', args: [2] })
    assert.equal(second.owner, actors.bob.address)
    assert.equal(second.commitReveal, true)
    assert.equal(second.curated, false)
    assert.equal(await publicClient.readContract({ ...registry(), functionName: 'datanetCount' }), 2)
  })

  it('lets the datanet owner appoint and dismiss curators', async () => {
    await createDatanet()
    const isCurator = () =>
      publicClient.readContract({ ...registry(), functionName: 'isCurator', args: [1, actors.curator.address] })
    assert.equal(await isCurator(), false)
    await write(actors.alice, { ...registry(), functionName: 'setCurator', args: [1, actors.curator.address, true] })
    assert.equal(await isCurator(), true)
    await write(actors.alice, { ...registry(), functionName: 'setCurator', args: [1, actors.curator.address, false] })
    assert.equal(await isCurator(), false)
    assert.equal(
      await publicClient.readContract({ ...registry(), functionName: 'isCurator', args: [1, actors.alice.address] }),
      true,
      'the owner always curates its own datanet',
    )
  })

  it('refuses curator changes from anyone but the datanet owner', async () => {
    await createDatanet()
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'setCurator', args: [1, actors.bob.address, true] }),
      'ContributionRegistryNotDatanetOwner',
      [1, actors.bob.address],
    )
    await expectRevert(
      write(actors.alice, { ...registry(), functionName: 'setCurator', args: [9, actors.bob.address, true] }),
      'ContributionRegistryDatanetNotFound',
      [9],
    )
    await expectRevert(
      write(actors.alice, {
        ...registry(),
        functionName: 'setCurator',
        args: [1, '0x0000000000000000000000000000000000000000', true],
      }),
      'ContributionRegistryZeroAddress',
    )
  })

  it('transfers datanet ownership, and only the owner may', async () => {
    await createDatanet()
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'transferDatanetOwnership', args: [1, actors.bob.address] }),
      'ContributionRegistryNotDatanetOwner',
    )
    await expectRevert(
      write(actors.alice, {
        ...registry(),
        functionName: 'transferDatanetOwnership',
        args: [1, '0x0000000000000000000000000000000000000000'],
      }),
      'ContributionRegistryZeroAddress',
    )
    await write(actors.alice, {
      ...registry(),
      functionName: 'transferDatanetOwnership',
      args: [1, actors.bob.address],
    })
    const datanet = await publicClient.readContract({ ...registry(), functionName: 'getDatanet', args: [1] })
    assert.equal(datanet.owner, actors.bob.address)
    await write(actors.bob, { ...registry(), functionName: 'setCurator', args: [1, actors.carol.address, true] })
  })
})
