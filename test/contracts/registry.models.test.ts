import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { parseEventLogs, zeroHash } from 'viem'
import type { LedgerDeployment } from '../../scripts/lib/deploy.js'
import { contributionRegistryAbi } from '../../src/abis/index.js'
import { buildStandardMerkleTree } from '../../src/merkle/standardMerkleTree.js'
import { trainingSetLeaf } from '../../src/registry/trainingSetLeaf.js'
import { actors, expectRevert, latestTimestamp, loadFixture, publicClient, sha256, write } from './fixture.js'

describe('ContributionRegistry: models', () => {
  let ledger: LedgerDeployment
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi })
  const trainingSet = ['cat.png', 'dog.png', 'bird.png', 'fish.png', 'horse.png'].map((name) => sha256(name))
  const tree = buildStandardMerkleTree(trainingSet.map(trainingSetLeaf))

  beforeEach(async () => {
    ledger = await loadFixture()
    for (const uri of ['data:,first', 'data:,second']) {
      await write(actors.owner, {
        ...registry(),
        functionName: 'createDatanet',
        args: [uri, { curated: false, commitReveal: false }],
      })
    }
  })

  it('registers a model with the root of its training set and the datanets it drew on', async () => {
    const receipt = await write(actors.bob, {
      ...registry(),
      functionName: 'registerModel',
      args: ['data:,model', tree.root, [1, 2]],
    })
    const [event] = parseEventLogs({ abi: contributionRegistryAbi, eventName: 'ModelRegistered', logs: receipt.logs })
    assert.deepEqual(event?.args, {
      modelId: 1,
      owner: actors.bob.address,
      trainingSetRoot: tree.root,
      datanetIds: [1, 2],
      metadataURI: 'data:,model',
    })
    assert.deepEqual(await publicClient.readContract({ ...registry(), functionName: 'getModel', args: [1] }), {
      owner: actors.bob.address,
      registeredAt: Number(await latestTimestamp()),
      trainingSetRoot: tree.root,
    })
    assert.equal(await publicClient.readContract({ ...registry(), functionName: 'modelCount' }), 1)
  })

  it('answers "was my data used in model M?" with a Merkle proof', async () => {
    await write(actors.bob, { ...registry(), functionName: 'registerModel', args: ['data:,model', tree.root, [1]] })
    const isInTrainingSet = (contentHash: `0x${string}`, proof: `0x${string}`[]) =>
      publicClient.readContract({ ...registry(), functionName: 'isInTrainingSet', args: [1, contentHash, proof] })

    for (const contentHash of trainingSet) {
      assert.equal(await isInTrainingSet(contentHash, tree.getProof(trainingSetLeaf(contentHash))), true)
    }
    const [cat, dog] = trainingSet as [`0x${string}`, `0x${string}`]
    assert.equal(await isInTrainingSet(sha256('not in the set'), tree.getProof(trainingSetLeaf(cat))), false)
    assert.equal(await isInTrainingSet(dog, tree.getProof(trainingSetLeaf(cat))), false)
  })

  it('refuses an empty training set, unknown datanets and questions about unknown models', async () => {
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'registerModel', args: ['data:,model', zeroHash, [1]] }),
      'ContributionRegistryEmptyTrainingSet',
    )
    await expectRevert(
      write(actors.bob, { ...registry(), functionName: 'registerModel', args: ['data:,model', tree.root, [1, 7]] }),
      'ContributionRegistryDatanetNotFound',
      [7],
    )
    await expectRevert(
      publicClient.readContract({ ...registry(), functionName: 'isInTrainingSet', args: [3, zeroHash, []] }),
      'ContributionRegistryModelNotFound',
      [3],
    )
  })
})
