/**
 * One handler per event of ContributionRegistry and RewardDistributor (test/node/indexer.test.ts checks the list
 * against the ABIs). Rows are written in chain order, so a reorganisation is undone by Ponder row by row.
 */
import { ponder } from 'ponder:registry'
import {
  account,
  claim,
  commitment,
  contractState,
  contribution,
  curator,
  datanet,
  epoch,
  funding,
  invalidatedNonce,
  model,
  modelDatanet,
  role,
  trainingContribution,
} from 'ponder:schema'
import { base64ToBytes, percentDecodeToBytes, utf8ToString } from '../../src/content/metadataEncoding.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'

type Hex = `0x${string}`

/** The keyset cursor of a row: its event's place in the chain. */
const seqOf = (event: { block: { number: bigint }; log: { logIndex: number } }) =>
  event.block.number * 1_000_000n + BigInt(event.log.logIndex)

const lower = (hex: Hex) => hex.toLowerCase() as Hex

const HASH = /^0x[0-9a-f]{64}$/

/**
 * The training set a model's metadata lists inline (a `data:` URI whose JSON has `trainingSet: [contentHash, …]`,
 * the convention of `getModelTrainingSets`), or undefined when it lists none there.
 */
function inlineTrainingSet(metadataURI: string): Hex[] | undefined {
  if (!/^data:/i.test(metadataURI)) return undefined
  try {
    const comma = metadataURI.indexOf(',')
    const body = percentDecodeToBytes(metadataURI.slice(comma + 1))
    const base64 = /;base64$/i.test(metadataURI.slice(0, comma))
    const metadata = JSON.parse(utf8ToString(base64 ? base64ToBytes(utf8ToString(body)) : body))
    const listed: unknown = metadata?.trainingSet
    if (!Array.isArray(listed) || listed.length === 0) return undefined
    const hashes = listed.map((hash) => String(hash).toLowerCase() as Hex)
    return hashes.every((hash) => HASH.test(hash)) ? hashes : undefined
  } catch {
    // Metadata anyone can write is not the indexer's to refuse: a model with unreadable metadata is simply unlisted.
    return undefined
  }
}

ponder.on('ContributionRegistry:DatanetCreated', async ({ event, context }) => {
  await context.db.insert(datanet).values({
    id: event.args.datanetId,
    owner: event.args.owner,
    curated: event.args.curated,
    commitReveal: event.args.commitReveal,
    metadataURI: event.args.metadataURI,
    contributionCount: 0,
    blockNumber: event.block.number,
    seq: seqOf(event),
  })
})

ponder.on('ContributionRegistry:DatanetOwnershipTransferred', async ({ event, context }) => {
  await context.db.update(datanet, { id: event.args.datanetId }).set({ owner: event.args.newOwner })
})

ponder.on('ContributionRegistry:CuratorSet', async ({ event, context }) => {
  await context.db
    .insert(curator)
    .values({
      datanetId: event.args.datanetId,
      account: event.args.curator,
      enabled: event.args.enabled,
      seq: seqOf(event),
    })
    .onConflictDoUpdate({ enabled: event.args.enabled, seq: seqOf(event) })
})

ponder.on('ContributionRegistry:Committed', async ({ event, context }) => {
  await context.db.insert(commitment).values({
    commitment: event.args.commitment,
    committer: event.args.committer,
    revealableAt: BigInt(event.args.revealableAt),
    expiresAt: BigInt(event.args.expiresAt),
    seq: seqOf(event),
  })
})

ponder.on('ContributionRegistry:NonceInvalidated', async ({ event, context }) => {
  await context.db
    .insert(invalidatedNonce)
    .values({ contributor: event.args.contributor, nonce: event.args.nonce, seq: seqOf(event) })
})

ponder.on('ContributionRegistry:ContributionRegistered', async ({ event, context }) => {
  await context.db.insert(contribution).values({
    contentHash: event.args.contentHash,
    contributor: event.args.contributor,
    datanetId: event.args.datanetId,
    metadataHash: event.args.metadataHash,
    metadataURI: event.args.metadataURI,
    status: event.args.status,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    transactionHash: event.transaction.hash,
    timestamp: event.block.timestamp,
    seq: seqOf(event),
  })
  await context.db
    .update(datanet, { id: event.args.datanetId })
    .set((row) => ({ contributionCount: row.contributionCount + 1 }))
  await context.db
    .insert(account)
    .values({ address: event.args.contributor, claimed: 0n, claimCount: 0, contributionCount: 1 })
    .onConflictDoUpdate((row) => ({ contributionCount: row.contributionCount + 1 }))
})

ponder.on('ContributionRegistry:ContributionReviewed', async ({ event, context }) => {
  await context.db
    .update(contribution, { contentHash: event.args.contentHash })
    .set({ status: event.args.status, reviewedBy: event.args.curator, reviewedBlock: event.block.number })
})

ponder.on('ContributionRegistry:ModelRegistered', async ({ event, context }) => {
  const { modelId, trainingSetRoot, datanetIds, metadataURI } = event.args
  const seq = seqOf(event)
  const listed = inlineTrainingSet(metadataURI)
  const matches = listed !== undefined && trainingSetRootOf(listed) === lower(trainingSetRoot)
  await context.db.insert(model).values({
    id: modelId,
    owner: event.args.owner,
    trainingSetRoot,
    datanetIds: [...datanetIds],
    metadataURI,
    trainingSet: listed === undefined ? 'unlisted' : matches ? 'listed' : 'mismatch',
    trainingSetSize: matches ? new Set(listed).size : null,
    blockNumber: event.block.number,
    seq,
  })
  const datanets = [...new Set(datanetIds)]
  if (datanets.length > 0) {
    await context.db.insert(modelDatanet).values(datanets.map((datanetId) => ({ datanetId, modelId, seq })))
  }
  if (matches) {
    const hashes = [...new Set(listed)]
    await context.db.insert(trainingContribution).values(hashes.map((contentHash) => ({ contentHash, modelId, seq })))
  }
})

ponder.on('ContributionRegistry:EIP712DomainChanged', async ({ event, context }) => {
  await context.db
    .insert(contractState)
    .values({ address: event.log.address, eip712DomainChangedBlock: event.block.number })
    .onConflictDoUpdate({ eip712DomainChangedBlock: event.block.number })
})

ponder.on('RewardDistributor:EpochProposed', async ({ event, context }) => {
  await context.db.insert(epoch).values({
    id: event.args.epochId,
    root: event.args.root,
    cumulativeTotal: event.args.cumulativeTotal,
    manifestHash: event.args.manifestHash,
    manifestURI: event.args.manifestURI,
    activeAt: BigInt(event.args.activeAt),
    status: 'proposed',
    claimed: 0n,
    claimCount: 0,
    blockNumber: event.block.number,
    seq: seqOf(event),
  })
})

ponder.on('RewardDistributor:EpochActivated', async ({ event, context }) => {
  await context.db.update(epoch, { id: event.args.epochId }).set({ status: 'active' })
})

ponder.on('RewardDistributor:EpochRevoked', async ({ event, context }) => {
  await context.db.update(epoch, { id: event.args.epochId }).set({ status: 'revoked', revokedBy: event.args.guardian })
})

ponder.on('RewardDistributor:Claimed', async ({ event, context }) => {
  const { account: claimant, epochId, caller, amount, cumulativeClaimed } = event.args
  await context.db.insert(claim).values({
    seq: seqOf(event),
    account: claimant,
    epochId,
    caller,
    amount,
    cumulativeClaimed,
    blockNumber: event.block.number,
    logIndex: event.log.logIndex,
    transactionHash: event.transaction.hash,
    timestamp: event.block.timestamp,
  })
  await context.db
    .update(epoch, { id: epochId })
    .set((row) => ({ claimed: row.claimed + amount, claimCount: row.claimCount + 1 }))
  // Claims are cumulative: the event says what the account has claimed in all, which no reordering can make drift.
  await context.db
    .insert(account)
    .values({ address: claimant, claimed: cumulativeClaimed, claimCount: 1, contributionCount: 0 })
    .onConflictDoUpdate((row) => ({ claimed: cumulativeClaimed, claimCount: row.claimCount + 1 }))
})

ponder.on('RewardDistributor:Funded', async ({ event, context }) => {
  const { funder, amount, totalFunded } = event.args
  await context.db.insert(funding).values({ seq: seqOf(event), funder, amount, totalFunded })
  await context.db
    .insert(contractState)
    .values({ address: event.log.address, totalFunded })
    .onConflictDoUpdate({ totalFunded })
})

ponder.on('RewardDistributor:AttributorSet', async ({ event, context }) => {
  const { account: member, enabled } = event.args
  await context.db
    .insert(role)
    .values({ role: 'attributor', account: member, enabled, seq: seqOf(event) })
    .onConflictDoUpdate({ enabled, seq: seqOf(event) })
})

ponder.on('RewardDistributor:GuardianSet', async ({ event, context }) => {
  const { account: member, enabled } = event.args
  await context.db
    .insert(role)
    .values({ role: 'guardian', account: member, enabled, seq: seqOf(event) })
    .onConflictDoUpdate({ enabled, seq: seqOf(event) })
})

ponder.on('RewardDistributor:DisputePeriodSet', async ({ event, context }) => {
  const disputePeriod = BigInt(event.args.disputePeriod)
  await context.db
    .insert(contractState)
    .values({ address: event.log.address, disputePeriod })
    .onConflictDoUpdate({ disputePeriod })
})

ponder.on('RewardDistributor:PausedSet', async ({ event, context }) => {
  const { paused } = event.args
  await context.db.insert(contractState).values({ address: event.log.address, paused }).onConflictDoUpdate({ paused })
})

ponder.on('RewardDistributor:OwnershipTransferStarted', async ({ event, context }) => {
  const pendingOwner = event.args.newOwner
  await context.db
    .insert(contractState)
    .values({ address: event.log.address, pendingOwner })
    .onConflictDoUpdate({ pendingOwner })
})

ponder.on('RewardDistributor:OwnershipTransferred', async ({ event, context }) => {
  const owner = event.args.newOwner
  await context.db
    .insert(contractState)
    .values({ address: event.log.address, owner, pendingOwner: null })
    .onConflictDoUpdate({ owner, pendingOwner: null })
})
