/**
 * What the indexer keeps of the ledger's events. Every list has a `seq` (block number × 1,000,000 + log index): the
 * chain order of the event that made the row, unique, and the keyset cursor of every paginated read. Ids of datanets,
 * models and epochs are numbers (uint48 and uint32 fit in int8); token amounts are bigints.
 */
import { index, onchainTable, primaryKey } from 'ponder'

export const contribution = onchainTable(
  'contribution',
  (t) => ({
    contentHash: t.hex().primaryKey(),
    contributor: t.hex().notNull(),
    datanetId: t.int8({ mode: 'number' }).notNull(),
    metadataHash: t.hex().notNull(),
    metadataURI: t.text().notNull(),
    /** The registry's `ContributionStatus`: 1 pending, 2 accepted, 3 rejected. */
    status: t.integer().notNull(),
    /** The curator of the last review, if any. */
    reviewedBy: t.hex(),
    reviewedBlock: t.bigint(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({
    bySeq: index().on(table.seq),
    byContributor: index().on(table.contributor, table.seq),
    byDatanet: index().on(table.datanetId, table.seq),
  }),
)

export const datanet = onchainTable(
  'datanet',
  (t) => ({
    id: t.int8({ mode: 'number' }).primaryKey(),
    owner: t.hex().notNull(),
    curated: t.boolean().notNull(),
    commitReveal: t.boolean().notNull(),
    metadataURI: t.text().notNull(),
    contributionCount: t.integer().notNull(),
    blockNumber: t.bigint().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ byOwner: index().on(table.owner, table.seq) }),
)

export const curator = onchainTable(
  'curator',
  (t) => ({
    datanetId: t.int8({ mode: 'number' }).notNull(),
    account: t.hex().notNull(),
    enabled: t.boolean().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.datanetId, table.account] }) }),
)

/** Commit–reveal commitments: who committed, and the window in which the reveal is accepted (unix seconds). */
export const commitment = onchainTable(
  'commitment',
  (t) => ({
    commitment: t.hex().primaryKey(),
    committer: t.hex().notNull(),
    revealableAt: t.bigint().notNull(),
    expiresAt: t.bigint().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ byCommitter: index().on(table.committer, table.seq) }),
)

/** Signature nonces a contributor burned (`cancelSignatures`): registrations signed with them no longer go through. */
export const invalidatedNonce = onchainTable(
  'invalidated_nonce',
  (t) => ({
    contributor: t.hex().notNull(),
    nonce: t.bigint().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.contributor, table.nonce] }) }),
)

/**
 * The chain holds a model's training set only as a Merkle root. `trainingSet` says what the indexer could make of the
 * list its metadata publishes: `listed` (inline in a `data:` URI and hashing to the root, so `training_contribution`
 * has every row), `mismatch` (a list that does not hash to the root: ignored), `unlisted` (no inline list; lists at
 * https URLs are not fetched while indexing, since what a URL answers can change and indexing must be repeatable).
 */
export const model = onchainTable(
  'model',
  (t) => ({
    id: t.int8({ mode: 'number' }).primaryKey(),
    owner: t.hex().notNull(),
    trainingSetRoot: t.hex().notNull(),
    datanetIds: t.int8({ mode: 'number' }).array().notNull(),
    metadataURI: t.text().notNull(),
    trainingSet: t.text({ enum: ['listed', 'mismatch', 'unlisted'] }).notNull(),
    trainingSetSize: t.integer(),
    blockNumber: t.bigint().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ bySeq: index().on(table.seq) }),
)

export const modelDatanet = onchainTable(
  'model_datanet',
  (t) => ({
    datanetId: t.int8({ mode: 'number' }).notNull(),
    modelId: t.int8({ mode: 'number' }).notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.datanetId, table.modelId] }),
    byDatanet: index().on(table.datanetId, table.seq),
  }),
)

export const trainingContribution = onchainTable(
  'training_contribution',
  (t) => ({
    contentHash: t.hex().notNull(),
    modelId: t.int8({ mode: 'number' }).notNull(),
    /** The model's `seq`. */
    seq: t.bigint().notNull(),
  }),
  (table) => ({
    pk: primaryKey({ columns: [table.contentHash, table.modelId] }),
    byContribution: index().on(table.contentHash, table.seq),
  }),
)

/**
 * Epochs as the events tell them: `proposed`, then `active` or `revoked`. A proposed epoch is claimable from `activeAt`
 * (unix seconds) on, before any event says so: `EpochActivated` comes only with the next proposal or `acceptEpoch`.
 * An `active` epoch stays `active` when a later one is activated; claims pay against the latest.
 */
export const epoch = onchainTable('epoch', (t) => ({
  id: t.int8({ mode: 'number' }).primaryKey(),
  root: t.hex().notNull(),
  cumulativeTotal: t.bigint().notNull(),
  manifestHash: t.hex().notNull(),
  manifestURI: t.text().notNull(),
  activeAt: t.bigint().notNull(),
  status: t.text({ enum: ['proposed', 'active', 'revoked'] }).notNull(),
  revokedBy: t.hex(),
  /** What claims against this epoch paid out, and how many there were. */
  claimed: t.bigint().notNull(),
  claimCount: t.integer().notNull(),
  blockNumber: t.bigint().notNull(),
  seq: t.bigint().notNull(),
}))

export const claim = onchainTable(
  'claim',
  (t) => ({
    seq: t.bigint().primaryKey(),
    account: t.hex().notNull(),
    epochId: t.int8({ mode: 'number' }).notNull(),
    /** Who sent the claim and paid its gas; the tokens went to `account`. */
    caller: t.hex().notNull(),
    amount: t.bigint().notNull(),
    cumulativeClaimed: t.bigint().notNull(),
    blockNumber: t.bigint().notNull(),
    logIndex: t.integer().notNull(),
    transactionHash: t.hex().notNull(),
    timestamp: t.bigint().notNull(),
  }),
  (table) => ({
    byAccount: index().on(table.account, table.seq),
    byEpoch: index().on(table.epochId, table.seq),
  }),
)

/** Per-account totals: what the account has claimed so far and how many contributions it registered. */
export const account = onchainTable(
  'account',
  (t) => ({
    address: t.hex().primaryKey(),
    claimed: t.bigint().notNull(),
    claimCount: t.integer().notNull(),
    contributionCount: t.integer().notNull(),
  }),
  (table) => ({ byClaimed: index().on(table.claimed, table.address) }),
)

export const funding = onchainTable('funding', (t) => ({
  seq: t.bigint().primaryKey(),
  funder: t.hex().notNull(),
  amount: t.bigint().notNull(),
  totalFunded: t.bigint().notNull(),
}))

/** The distributor's roles (attributor, guardian), as granted and withdrawn. */
export const role = onchainTable(
  'role',
  (t) => ({
    role: t.text({ enum: ['attributor', 'guardian'] }).notNull(),
    account: t.hex().notNull(),
    enabled: t.boolean().notNull(),
    seq: t.bigint().notNull(),
  }),
  (table) => ({ pk: primaryKey({ columns: [table.role, table.account] }) }),
)

/** One row per contract (keyed by address): its settings as the last events left them. */
export const contractState = onchainTable('contract_state', (t) => ({
  address: t.hex().primaryKey(),
  owner: t.hex(),
  pendingOwner: t.hex(),
  paused: t.boolean(),
  disputePeriod: t.bigint(),
  totalFunded: t.bigint(),
  /** The block of the last `EIP712DomainChanged`: signatures made for the old domain no longer verify. */
  eip712DomainChangedBlock: t.bigint(),
}))
