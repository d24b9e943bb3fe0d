import { expect } from '@open-wc/testing'
import { type Hex, zeroHash } from 'viem'
import { cancelSignatures } from '../../../src/actions/registry/cancelSignatures.js'
import { commitContribution } from '../../../src/actions/registry/commitContribution.js'
import { createDatanetAndWait } from '../../../src/actions/registry/createDatanet.js'
import { getContributionByHash } from '../../../src/actions/registry/getContributionByHash.js'
import { getContributionsByContributor } from '../../../src/actions/registry/getContributionsByContributor.js'
import { getContributionsByHash } from '../../../src/actions/registry/getContributionsByHash.js'
import { getDatanet } from '../../../src/actions/registry/getDatanet.js'
import { getModel } from '../../../src/actions/registry/getModel.js'
import {
  registerContribution,
  registerContributionAndWait,
} from '../../../src/actions/registry/registerContribution.js'
import { registerContributionBySigAndWait } from '../../../src/actions/registry/registerContributionBySig.js'
import { registerContributionsAndWait } from '../../../src/actions/registry/registerContributions.js'
import { registerModelAndWait } from '../../../src/actions/registry/registerModel.js'
import { revealContribution, revealContributionAndWait } from '../../../src/actions/registry/revealContribution.js'
import { reviewContribution, reviewContributionAndWait } from '../../../src/actions/registry/reviewContribution.js'
import { signContribution } from '../../../src/actions/registry/signContribution.js'
import { verifyContributionInModel } from '../../../src/actions/registry/verifyContributionInModel.js'
import { DeploymentNotFoundError, localhostDeployment } from '../../../src/chains.js'
import { ledgerActions } from '../../../src/decorators.js'
import { proveContributionInModel } from '../../../src/registry/trainingSet.js'
import {
  actors,
  clientOf,
  contentOf,
  custom,
  decliningWallet,
  forwardToNode,
  increaseTime,
  isolateChain,
  rejectsWith,
  requestCounter,
  served,
} from '../chain.js'

describe('SDK registry actions, against the local chain', () => {
  isolateChain()
  const alice = clientOf(actors.alice)
  const owner = clientOf(actors.owner)
  const openDatanet = async (policy: { curated?: boolean; commitReveal?: boolean } = {}) =>
    (await createDatanetAndWait(owner, { metadataURI: 'data:,datanet', ...policy })).datanetId

  it('finds the local deployment by chain id: the addresses the test chain deployed to', () => {
    expect(localhostDeployment.registry).to.equal(served.registry)
    expect(localhostDeployment.distributor).to.equal(served.distributor)
    expect(localhostDeployment.rewardToken).to.equal(served.rewardToken)
  })

  it('creates a datanet and reads its policy back', async () => {
    const created = await createDatanetAndWait(owner, { metadataURI: 'data:,street-scenes', curated: true })
    const datanet = await getDatanet(alice, { datanetId: created.datanetId })
    expect(datanet?.owner).to.equal(actors.owner.address)
    expect(datanet?.curated).to.equal(true)
    expect(datanet?.commitReveal).to.equal(false)
    expect(await getDatanet(alice, { datanetId: 999 })).to.equal(null)
  })

  it('registers a contribution and reads it back by its content hash', async () => {
    const datanetId = await openDatanet()
    const content = await contentOf('cat.png')
    const registered = await registerContributionAndWait(alice, { datanetId, ...content })
    expect(registered.status).to.equal('accepted')
    expect(registered.contributor).to.equal(actors.alice.address)

    const found = await getContributionByHash(clientOf(), { contentHash: content.contentHash })
    expect(found?.contributor).to.equal(actors.alice.address)
    expect(found?.datanetId).to.equal(datanetId)
    expect(found?.status).to.equal('accepted')
    expect(found?.metadataHash).to.equal(content.metadataHash)
    expect(found?.registeredAt).to.be.instanceOf(Date)
    expect(await getContributionByHash(clientOf(), { contentHash: (await contentOf('never')).contentHash })).to.equal(
      null,
    )
  })

  it('refuses a duplicate before signing, naming who contributed it and when', async () => {
    const datanetId = await openDatanet()
    const content = await contentOf('duplicate')
    await registerContributionAndWait(alice, { datanetId, ...content })
    const error = await rejectsWith(
      registerContribution(clientOf(actors.bob), { datanetId, ...content }),
      'ContributionAlreadyRegisteredError',
    )
    expect(error.contributor).to.equal(actors.alice.address)
    expect(error.message).to.match(/already contributed by 0x90F7…b906 on \d{1,2} \w{3} \d{4}/)
  })

  it('looks up 1,000 content hashes in at most 2 JSON-RPC HTTP requests', async () => {
    const datanetId = await openDatanet()
    const registered = await Promise.all(Array.from({ length: 5 }, (_, i) => contentOf(`batch ${i}`)))
    await registerContributionsAndWait(alice, { registrations: registered.map((c) => ({ datanetId, ...c })) })
    const unknown = await Promise.all(Array.from({ length: 995 }, (_, i) => contentOf(`unknown ${i}`)))
    const hashes = [...unknown.slice(0, 500), ...registered, ...unknown.slice(500)].map((c) => c.contentHash)

    const counter = requestCounter()
    const found = await getContributionsByHash(clientOf(undefined, counter.transport), { contentHashes: hashes })
    expect(counter.count).to.be.at.most(2)
    expect(found).to.have.length(1_000)
    expect(found.filter(Boolean).map((c) => c?.contentHash)).to.deep.equal(registered.map((c) => c.contentHash))
    expect(found[0]).to.equal(null)
    expect(found[500]?.contributor).to.equal(actors.alice.address)
  })

  it("lists a contributor's contributions from events, splitting ranges a node refuses", async () => {
    const datanetId = await openDatanet({ curated: true })
    const contents = await Promise.all(['a', 'b', 'c', 'd'].map((label) => contentOf(label)))
    for (const content of contents) await registerContributionAndWait(alice, { datanetId, ...content })
    await registerContributionAndWait(clientOf(actors.bob), { datanetId, ...(await contentOf('not alice')) })
    await reviewContributionAndWait(owner, { contentHash: contents[1]?.contentHash as Hex, decision: 'reject' })

    // A node that answers eth_getLogs only for spans of two blocks or fewer, as public RPCs cap ranges.
    let refused = 0
    const pickyNode = custom(
      {
        async request({ method, params }) {
          if (method === 'eth_getLogs') {
            const [{ fromBlock, toBlock }] = params as [{ fromBlock: Hex; toBlock: Hex }]
            if (BigInt(toBlock) - BigInt(fromBlock) > 2n) {
              refused++
              throw Object.assign(new Error('query returned more than 10000 results'), { code: -32005 })
            }
          }
          return forwardToNode({ method, params })
        },
      },
      { retryCount: 0 },
    )

    const mine = await getContributionsByContributor(clientOf(undefined, pickyNode), {
      contributor: actors.alice.address,
    })
    expect(refused).to.be.greaterThan(0)
    expect(mine.map((c) => c.contentHash)).to.deep.equal(contents.map((c) => c.contentHash))
    expect(mine.map((c) => c.status)).to.deep.equal(['pending', 'rejected', 'pending', 'pending'])
    expect(mine[0]?.metadataURI).to.equal(contents[0]?.metadataURI)
  })

  it('lets a relayer submit a signed contribution, crediting the signer, once', async () => {
    const datanetId = await openDatanet()
    const content = await contentOf('signed')
    const signed = await signContribution(alice, { datanetId, ...content })
    const relayer = clientOf(actors.relayer)
    const registered = await registerContributionBySigAndWait(relayer, { signed: JSON.parse(JSON.stringify(signed)) })
    expect(registered.contributor).to.equal(actors.alice.address)
    await rejectsWith(registerContributionBySigAndWait(relayer, { signed }), 'InvalidNonceError')
  })

  it('cancels outstanding signatures', async () => {
    const datanetId = await openDatanet()
    const signed = await signContribution(alice, { datanetId, ...(await contentOf('withdrawn')) })
    await cancelSignatures(alice)
    await increaseTime(1)
    await rejectsWith(registerContributionBySigAndWait(clientOf(actors.relayer), { signed }), 'InvalidNonceError')
  })

  it('commits and reveals in a commit-reveal datanet, not before the minimum age, never directly', async () => {
    const datanetId = await openDatanet({ commitReveal: true })
    const content = await contentOf('guarded')
    const registration = { datanetId, ...content }
    await rejectsWith(registerContribution(alice, registration), 'CommitRevealRequiredError')
    const { salt } = await commitContribution(alice, { contentHash: content.contentHash })
    await rejectsWith(revealContribution(alice, { ...registration, salt }), 'CommitmentTooNewError')
    await increaseTime(served.minCommitAge)
    const revealed = await revealContributionAndWait(alice, { ...registration, salt })
    expect(revealed.contributor).to.equal(actors.alice.address)
  })

  it('lets curators review pending contributions, and nobody else', async () => {
    const datanetId = await openDatanet({ curated: true })
    const content = await contentOf('needs review')
    expect((await registerContributionAndWait(alice, { datanetId, ...content })).status).to.equal('pending')
    await rejectsWith(
      reviewContribution(alice, { contentHash: content.contentHash, decision: 'accept' }),
      'NotCuratorError',
    )
    const reviewed = await reviewContributionAndWait(owner, { contentHash: content.contentHash, decision: 'accept' })
    expect(reviewed.status).to.equal('accepted')
    expect((await getContributionByHash(alice, { contentHash: content.contentHash }))?.status).to.equal('accepted')
  })

  it('answers "was my data used to train model M?" with a proof checked on-chain', async () => {
    const datanetId = await openDatanet()
    const trainingSet = (await Promise.all(['x', 'y', 'z'].map((label) => contentOf(label)))).map((c) => c.contentHash)
    const { root } = proveContributionInModel({ trainingSet, contentHash: trainingSet[0] as Hex })
    const { modelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,model',
      trainingSetRoot: root,
      datanetIds: [datanetId],
    })
    expect((await getModel(alice, { modelId }))?.trainingSetRoot).to.equal(root)
    expect(await getModel(alice, { modelId: 77 })).to.equal(null)

    const { proof } = proveContributionInModel({ trainingSet, contentHash: trainingSet[2] as Hex })
    expect(await verifyContributionInModel(alice, { modelId, contentHash: trainingSet[2] as Hex, proof })).to.equal(
      true,
    )
    const outsider = (await contentOf('not trained on')).contentHash
    expect(await verifyContributionInModel(alice, { modelId, contentHash: outsider, proof })).to.equal(false)
    await rejectsWith(
      verifyContributionInModel(alice, { modelId: 77, contentHash: outsider, proof }),
      'ModelNotFoundError',
    )
  })

  it('says plainly when the wallet owner declines', async () => {
    const datanetId = await openDatanet()
    const declining = clientOf(undefined, custom(decliningWallet(), { retryCount: 0 }))
    const error = await rejectsWith(
      registerContribution(declining, {
        datanetId,
        ...(await contentOf('declined')),
        deployment: localhostDeployment,
      }).catch((e) => Promise.reject(e)),
      'AccountRequiredError',
    )
    expect(error.message).to.match(/connect a wallet/i)
    const withAccount = { ...declining, account: { address: actors.alice.address, type: 'json-rpc' as const } }
    await rejectsWith(
      registerContribution(withAccount, { datanetId, ...(await contentOf('declined')) }),
      'UserRejectedError',
    )
  })

  it('binds every action to a client with ledgerActions()', async () => {
    const client = clientOf(actors.alice).extend(ledgerActions({ deployment: localhostDeployment }))
    const { datanetId } = await client.createDatanetAndWait({ metadataURI: 'data:,bound' })
    const content = await contentOf('bound')
    await client.registerContributionAndWait({ datanetId, ...content })
    expect((await client.getContributionByHash({ contentHash: content.contentHash }))?.contributor).to.equal(
      actors.alice.address,
    )
    expect((await client.getContributionsByContributor({ contributor: actors.alice.address })).length).to.equal(1)
  })

  it('refuses to guess a deployment on a chain it does not know', async () => {
    const elsewhere = { ...clientOf(), chain: { ...clientOf().chain, id: 5 } }
    await rejectsWith(getContributionByHash(elsewhere, { contentHash: zeroHash }), 'DeploymentNotFoundError')
    expect(new DeploymentNotFoundError(5).shortMessage).to.contain('chain 5')
  })

  it('keeps the contract error and the viem cause on decoded errors', async () => {
    const datanetId = await openDatanet()
    const error = await rejectsWith(
      registerContribution(alice, { datanetId, ...(await contentOf('zero')), contentHash: zeroHash }),
      'InvalidContentHashError',
    )
    expect(error.errorName).to.equal('ContributionRegistryInvalidContentHash')
    expect((error.cause as Error).name).to.equal('ContractFunctionExecutionError')
  })
})
