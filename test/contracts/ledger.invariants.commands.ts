/**
 * The commands of ledger.invariants.test.ts and how the model predicts each: what it would revert with, the
 * transaction that carries it out, and what it changes in the model when it succeeds. The test generates sequences
 * of these commands, runs them on the chain and checks the invariants after every step.
 */
import assert from 'node:assert/strict'
import { type Address, type Hex, keccak256, toBytes, zeroHash } from 'viem'
import type { contributionRegistryAbi, rewardDistributorAbi } from '../../src/abis/index.js'
import { processProof } from '../../src/merkle/standardMerkleTree.js'
import { type registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { rewardTree } from './distributor.helpers.js'
import { actors, publicClient, registrationOf, sha256, write } from './fixture.js'
import {
  baseContributions,
  commitmentOf,
  currentEpochAt,
  datanets,
  disputePeriod,
  type Model,
  type ModelContribution,
  maxCommitAge,
  minCommitAge,
  mineAt,
  Status,
  salts,
} from './ledger.invariants.helpers.js'

/** The only accounts that ever register, and so the only ones rewards are proposed for. */
export const contributors = [actors.alice, actors.bob, actors.carol]
/** Accounts claims are made for: the contributors and a stranger who is never in a reward tree. */
export const claimants = [...contributors, actors.stranger]
/** Who sends transactions for others: a relayer, a stranger or a contributor (for itself or someone else). */
export const senders = [actors.relayer, actors.stranger, ...contributors]
/** Datanet owner, curator of the curated datanets, and someone who curates nothing. */
export const reviewers = [actors.owner, actors.curator, actors.stranger]
/** Everyone whose token balance must always equal what the distributor paid them. */
export const participants = [...contributors, actors.relayer, actors.stranger]

/**
 * A small pool so that sequences collide on content, ending with the contents the base state registered; the index
 * after the last stands for the (invalid) zero hash.
 */
export const contents = [
  'prompt',
  'image',
  'dataset',
  'transcript',
  'label set',
  'eval',
  ...baseContributions.map((c) => c.content),
]
export const ZERO_CONTENT = contents.length
export const contentHashOf = (content: number) =>
  content === ZERO_CONTENT ? zeroHash : sha256(contents[content] ?? '')
export const contentHashes = [...contents.keys(), ZERO_CONTENT].map(contentHashOf)
const registrationFor = (datanetId: number, content: number) => {
  const registration = registrationOf(datanetId, contents[content] ?? 'zero')
  return content === ZERO_CONTENT ? { ...registration, contentHash: zeroHash } : registration
}
type Registration = ReturnType<typeof registrationFor>
/** Datanet 5 does not exist. */
export const NO_DATANET = 5

export type Command =
  | { kind: 'register'; who: number; datanet: number; content: number }
  | { kind: 'registerBatch'; who: number; items: { datanet: number; content: number }[] }
  | { kind: 'commit'; who: number; forNext: boolean; content: number; salt: number }
  | {
      kind: 'reveal'
      /** Reveal the `pick`-th commitment of the sequence (as its committer, or as a copier), or random fields. */
      target: 'committed' | 'copied' | 'random'
      pick: number
      /** First move the clock so that the reveal lands on an edge of the picked commitment's window, if still ahead. */
      edge: 'none' | 'tooNew' | 'revealable' | 'lastSecond' | 'expired'
      who: number
      datanet: number
      content: number
      salt: number
    }
  | {
      kind: 'registerBySig'
      contributor: number
      wrongSigner: boolean
      tampered: boolean
      futureNonce: boolean
      deadline: 'later' | 'now' | 'past'
      submitter: number
      datanet: number
      content: number
    }
  | { kind: 'replaySignature'; index: number; submitter: number }
  | { kind: 'invalidateNonce'; who: number }
  | { kind: 'review'; reviewer: number; pending: boolean; pick: number; content: number; accept: boolean }
  | { kind: 'fund'; amount: bigint }
  | { kind: 'propose'; rate: bigint }
  | { kind: 'accept' }
  | { kind: 'revoke'; target: 'pending' | 'active' }
  | { kind: 'advance'; seconds: number }
  | { kind: 'pause' }
  | { kind: 'unpause' }
  | { kind: 'claim'; account: number; sponsor: number; source: 'current' | 'latest'; inflate: boolean }
  | { kind: 'claimMany'; accounts: number[]; sponsor: number }
export type CommandOf<K extends Command['kind']> = Extract<Command, { kind: K }>

/** The error `_register` would revert with, checked in the contract's order; undefined when it would succeed. */
function registerError(registered: ReadonlyMap<Hex, unknown>, registration: Registration, revealed: boolean) {
  if (registration.contentHash === zeroHash) return 'ContributionRegistryInvalidContentHash'
  const policy = datanets[registration.datanetId]
  if (!policy) return 'ContributionRegistryDatanetNotFound'
  if (policy.commitReveal && !revealed) return 'ContributionRegistryCommitRevealRequired'
  if (registered.has(registration.contentHash)) return 'ContributionRegistryAlreadyRegistered'
  return undefined
}

const contributionOf = (contributor: Address, registration: Registration, at: number): ModelContribution => ({
  contributor,
  datanetId: registration.datanetId,
  registeredAt: at,
  status: datanets[registration.datanetId]?.curated ? Status.Pending : Status.Accepted,
  metadataHash: registration.metadataHash,
})

type Signed = {
  contributor: Address
  registration: Registration
  nonce: bigint
  deadline: bigint
  signature: Hex
  /** Signed by the contributor over exactly this registration. */
  genuine: boolean
}

/** What a step may change, for the invariants that do not trust the model. */
export type Context = {
  kind: Command['kind'] | 'base'
  /** Who new registrations must credit. */
  creditedTo?: Address
  /** For a reveal: the revealer and when its commitment was made (0 when there is none). */
  reveal?: { by: Address; committedAt: number }
  /** For a review: the reviewer, when it is the owner or a curator of the reviewed content's datanet. */
  reviewer?: Address
}

/** One command under way: the handler fills in the revert the model predicts, the transaction and its effect. */
export type Plan = {
  /** When the transaction lands; a reveal may first move the clock to an edge of its commitment's window. */
  at: number
  context: Context
  /** The revert the model expects; undefined for success. */
  predicted?: string | undefined
  /** Sends the transaction; left unset when the command sends none. */
  send?: () => Promise<unknown>
  /** What the model changes once the transaction succeeded. */
  apply: () => void
}

/** One sequence's state beside the model: its contracts, the signatures it made and the commitments known. */
export type Sequence = {
  model: Model
  registry: { readonly address: Address; readonly abi: typeof contributionRegistryAbi }
  distributor: { readonly address: Address; readonly abi: typeof rewardDistributorAbi }
  domain: ReturnType<typeof registrationDomain>
  signedPool: Signed[]
  /** The commitments of the base state and of this sequence: committer, content and salt. */
  committed: { committer: number; content: number; salt: number }[]
}

export const nonceOf = (model: Model, account: Address) => model.nonces.get(account) ?? 0n

function predictSigned(model: Model, at: number, signed: Signed) {
  if (BigInt(at) > signed.deadline) return 'ContributionRegistrySignatureExpired'
  if (signed.nonce !== nonceOf(model, signed.contributor)) return 'ContributionRegistryInvalidNonce'
  if (!signed.genuine) return 'ContributionRegistryInvalidSignature'
  return registerError(model.contributions, signed.registration, false)
}

function submitSigned({ model, registry }: Sequence, plan: Plan, signed: Signed, submitter: number) {
  const { at } = plan
  plan.context.creditedTo = signed.contributor
  plan.predicted = predictSigned(model, at, signed)
  // Each signature is usable at most once: the model must never expect a used one to go through.
  if (model.usedSignatures.has(signed.signature)) assert.ok(plan.predicted, 'a used signature is refused')
  plan.send = () =>
    write(senders[submitter] ?? actors.relayer, {
      ...registry,
      functionName: 'registerBySig',
      args: [signed.contributor, signed.registration, signed.nonce, signed.deadline, signed.signature],
    })
  plan.apply = () => {
    model.nonces.set(signed.contributor, nonceOf(model, signed.contributor) + 1n)
    model.usedSignatures.add(signed.signature)
    model.contributions.set(
      signed.registration.contentHash,
      contributionOf(signed.contributor, signed.registration, at),
    )
  }
}

function predictClaim(
  model: Model,
  at: number,
  claimed: Map<Address, bigint>,
  totalClaimed: bigint,
  account: Address,
  amount: bigint,
  proof: Hex[],
): { error?: string; paid?: bigint } {
  const epoch = model.epochs.get(currentEpochAt(model, at))
  if (!epoch) return { error: 'RewardDistributorNoActiveEpoch' }
  // Exactly the contract's check: OpenZeppelin's sorted-pair proof of the standard leaf.
  if (processProof(rewardLeaf(account, amount), proof) !== epoch.root) {
    return { error: 'RewardDistributorInvalidProof' }
  }
  const already = claimed.get(account) ?? 0n
  if (amount <= already) return { error: 'RewardDistributorNothingToClaim', paid: 0n }
  const paid = amount - already
  if (totalClaimed + paid > epoch.total) return { error: 'RewardDistributorEpochTotalExceeded' }
  return { paid }
}

function register(sequence: Sequence, step: CommandOf<'register'>, plan: Plan) {
  const { model, registry } = sequence
  const { at } = plan
  const sender = contributors[step.who] ?? actors.alice
  const registration = registrationFor(step.datanet, step.content)
  plan.context.creditedTo = sender.address
  plan.predicted = registerError(model.contributions, registration, false)
  plan.send = () => write(sender, { ...registry, functionName: 'register', args: [registration] })
  plan.apply = () => model.contributions.set(registration.contentHash, contributionOf(sender.address, registration, at))
}

function registerBatch(sequence: Sequence, step: CommandOf<'registerBatch'>, plan: Plan) {
  const { model, registry } = sequence
  const { at } = plan
  const sender = contributors[step.who] ?? actors.alice
  const registrations = step.items.map((item) => registrationFor(item.datanet, item.content))
  plan.context.creditedTo = sender.address
  // Atomic: the first failing registration (a duplicate inside the batch included) reverts them all.
  const after = new Map(model.contributions)
  plan.predicted = registrations.length === 0 ? 'ContributionRegistryEmptyBatch' : undefined
  for (const registration of registrations) {
    plan.predicted ??= registerError(after, registration, false)
    after.set(registration.contentHash, contributionOf(sender.address, registration, at))
  }
  plan.send = () => write(sender, { ...registry, functionName: 'registerBatch', args: [registrations] })
  plan.apply = () => {
    model.contributions = after
  }
}

function commit(sequence: Sequence, step: CommandOf<'commit'>, plan: Plan) {
  const { model, committed, registry } = sequence
  const { at } = plan
  const sender = contributors[step.who] ?? actors.alice
  // Sometimes the commitment names someone else (as a copier would): it is stored all the same.
  const committer = step.forNext ? (contributors[(step.who + 1) % contributors.length] ?? sender) : sender
  const commitment = commitmentOf(committer.address, contentHashOf(step.content), salts[step.salt] ?? zeroHash)
  const committedAt = model.commitments.get(commitment) ?? 0
  if (committedAt !== 0 && at <= committedAt + maxCommitAge) plan.predicted = 'ContributionRegistryCommitmentExists'
  plan.send = () => write(sender, { ...registry, functionName: 'commit', args: [commitment] })
  plan.apply = () => {
    model.commitments.set(commitment, at)
    committed.push({ committer: contributors.indexOf(committer), content: step.content, salt: step.salt })
  }
}

async function reveal(sequence: Sequence, step: CommandOf<'reveal'>, plan: Plan): Promise<void> {
  const { model, committed, registry } = sequence
  const picked = step.target === 'random' ? undefined : committed[step.pick % Math.max(committed.length, 1)]
  const { committer, content, salt: saltIndex } = picked ?? { ...step, committer: step.who }
  // A copier replays the committer's content and salt from its own account.
  const revealer = step.target === 'copied' ? (committer + 1) % contributors.length : committer
  const sender = contributors[revealer] ?? actors.alice
  const registration = registrationFor(step.datanet, content)
  const salt = salts[saltIndex] ?? zeroHash
  const window = model.commitments.get(
    commitmentOf(contributors[committer]?.address ?? zeroHash, registration.contentHash, salt),
  )
  const edges = {
    none: Number.NEGATIVE_INFINITY,
    tooNew: minCommitAge - 1,
    revealable: minCommitAge,
    lastSecond: maxCommitAge,
    expired: maxCommitAge + 1,
  }
  const revealAt = window ? window + edges[step.edge] : 0
  if (revealAt > plan.at) {
    await mineAt(revealAt - 1)
    model.now = revealAt - 1
    plan.at = revealAt
  }
  const { at } = plan
  const commitment = commitmentOf(sender.address, registration.contentHash, salt)
  const committedAt = model.commitments.get(commitment) ?? 0
  plan.context.creditedTo = sender.address
  plan.context.reveal = { by: sender.address, committedAt }
  if (committedAt === 0) plan.predicted = 'ContributionRegistryCommitmentNotFound'
  else if (at < committedAt + minCommitAge) plan.predicted = 'ContributionRegistryCommitmentTooNew'
  else if (at > committedAt + maxCommitAge) plan.predicted = 'ContributionRegistryCommitmentExpired'
  else plan.predicted = registerError(model.contributions, registration, true)
  plan.send = () => write(sender, { ...registry, functionName: 'reveal', args: [registration, salt] })
  plan.apply = () => {
    model.commitments.delete(commitment)
    model.contributions.set(registration.contentHash, contributionOf(sender.address, registration, at))
  }
}

async function registerBySig(sequence: Sequence, step: CommandOf<'registerBySig'>, plan: Plan): Promise<void> {
  const { model, domain, signedPool } = sequence
  const { at } = plan
  const contributor = contributors[step.contributor] ?? actors.alice
  const signer = step.wrongSigner
    ? (contributors[(step.contributor + 1) % contributors.length] ?? actors.bob)
    : contributor
  const registration = registrationFor(step.datanet, step.content)
  const nonce = nonceOf(model, contributor.address) + (step.futureNonce ? 1n : 0n)
  const deadline = BigInt(step.deadline === 'later' ? at + 3_600 : step.deadline === 'now' ? at : at - 1)
  const signature = await signer.signTypedData({
    domain,
    types: registrationTypes,
    primaryType: 'Registration',
    message: { contributor: contributor.address, ...registration, nonce, deadline },
  })
  const signed: Signed = {
    contributor: contributor.address,
    registration: step.tampered ? { ...registration, metadataURI: 'data:,tampered' } : registration,
    nonce,
    deadline,
    signature,
    genuine: !step.wrongSigner && !step.tampered,
  }
  signedPool.push(signed)
  submitSigned(sequence, plan, signed, step.submitter)
}

function replaySignature(sequence: Sequence, step: CommandOf<'replaySignature'>, plan: Plan) {
  const { signedPool } = sequence
  const signed = signedPool[step.index % Math.max(signedPool.length, 1)]
  if (signed) submitSigned(sequence, plan, signed, step.submitter)
}

function invalidateNonce(sequence: Sequence, step: CommandOf<'invalidateNonce'>, plan: Plan) {
  const { model, registry } = sequence
  const sender = contributors[step.who] ?? actors.alice
  plan.send = () => write(sender, { ...registry, functionName: 'invalidateNonce', args: [] })
  plan.apply = () => model.nonces.set(sender.address, nonceOf(model, sender.address) + 1n)
}

function review(sequence: Sequence, step: CommandOf<'review'>, plan: Plan) {
  const { model, registry } = sequence
  const reviewer = reviewers[step.reviewer] ?? actors.stranger
  const pending = [...model.contributions].filter(([, c]) => c.status === Status.Pending)
  // Mostly a pending contribution (or any registered one when none is pending), else any content.
  const targets = pending.length ? pending : [...model.contributions]
  const contentHash = step.pending
    ? (targets[step.pick % targets.length]?.[0] ?? contentHashOf(step.content))
    : contentHashOf(step.content)
  const contribution = model.contributions.get(contentHash)
  const curates =
    reviewer === actors.owner || (reviewer === actors.curator && !!datanets[contribution?.datanetId ?? 0]?.curated)
  if (curates) plan.context.reviewer = reviewer.address
  if (!contribution) plan.predicted = 'ContributionRegistryContributionNotFound'
  else if (!curates) plan.predicted = 'ContributionRegistryNotCurator'
  else if (contribution.status !== Status.Pending) plan.predicted = 'ContributionRegistryNotPending'
  plan.send = () =>
    write(reviewer, { ...registry, functionName: 'reviewContribution', args: [contentHash, step.accept] })
  plan.apply = () => {
    if (contribution) contribution.status = step.accept ? Status.Accepted : Status.Rejected
  }
}

function fund(sequence: Sequence, step: CommandOf<'fund'>, plan: Plan) {
  const { model, distributor } = sequence
  plan.send = () => write(actors.owner, { ...distributor, functionName: 'fund', args: [step.amount] })
  plan.apply = () => {
    model.funded += step.amount
  }
}

function propose(sequence: Sequence, step: CommandOf<'propose'>, plan: Plan) {
  const { model, distributor } = sequence
  const { at } = plan
  // Cumulative amounts grow from the latest epoch that was not revoked, by `rate` per accepted
  // contribution of each registered contributor: nobody else is ever in a reward tree.
  const base = model.epochs.get(model.pendingEpochId || model.activeEpochId)
  const allocations = new Map(base?.allocations)
  for (const { contributor, status } of model.contributions.values()) {
    if (status === Status.Accepted && step.rate > 0n) {
      allocations.set(contributor, (allocations.get(contributor) ?? 0n) + step.rate)
    }
  }
  if (allocations.size === 0) return
  const tree = rewardTree([...allocations].map(([account, amount]) => ({ account, amount })))
  const activates = model.pendingEpochId !== 0
  const previousTotal = model.epochs.get(model.pendingEpochId || model.activeEpochId)?.total ?? 0n
  if (model.paused) plan.predicted = 'RewardDistributorPaused'
  else if (activates && at < model.pendingActiveAt) plan.predicted = 'RewardDistributorEpochPending'
  else if (tree.total < previousTotal) plan.predicted = 'RewardDistributorCumulativeTotalDecreased'
  else if (tree.total > model.funded) plan.predicted = 'RewardDistributorInsufficientFunding'
  plan.send = () =>
    write(actors.attributor, {
      ...distributor,
      functionName: 'proposeEpoch',
      args: [tree.root, tree.total, keccak256(toBytes(`manifest ${at}`)), `data:,manifest-${at}`],
    })
  plan.apply = () => {
    if (activates) {
      model.activeEpochId = model.pendingEpochId
      model.pendingEpochId = 0
    }
    model.epochCount++
    model.epochs.set(model.epochCount, {
      root: tree.root,
      total: tree.total,
      allocations,
      tree,
      revoked: false,
    })
    model.pendingEpochId = model.epochCount
    model.pendingActiveAt = at + disputePeriod
  }
}

function accept(sequence: Sequence, _step: CommandOf<'accept'>, plan: Plan) {
  const { model, distributor } = sequence
  const { at } = plan
  if (model.pendingEpochId === 0) plan.predicted = 'RewardDistributorNoPendingEpoch'
  else if (at < model.pendingActiveAt) plan.predicted = 'RewardDistributorDisputeWindowOpen'
  plan.send = () => write(actors.stranger, { ...distributor, functionName: 'acceptEpoch', args: [] })
  plan.apply = () => {
    model.activeEpochId = model.pendingEpochId
    model.pendingEpochId = 0
  }
}

function revoke(sequence: Sequence, step: CommandOf<'revoke'>, plan: Plan) {
  const { model, distributor } = sequence
  const { at } = plan
  const epochId = step.target === 'pending' ? model.pendingEpochId : model.activeEpochId
  if (epochId === 0 || epochId !== model.pendingEpochId || at >= model.pendingActiveAt) {
    plan.predicted = 'RewardDistributorEpochNotPending'
  }
  plan.send = async () => {
    await write(actors.guardian, { ...distributor, functionName: 'revokeEpoch', args: [epochId] })
    const epoch = await publicClient.readContract({
      ...distributor,
      functionName: 'getEpoch',
      args: [epochId],
    })
    assert.equal(epoch.revoked, true, 'a revoked epoch is marked revoked')
  }
  plan.apply = () => {
    const epoch = model.epochs.get(epochId)
    if (epoch) epoch.revoked = true
    model.pendingEpochId = 0
  }
}

async function advance(sequence: Sequence, step: CommandOf<'advance'>): Promise<void> {
  const { model } = sequence
  await mineAt(model.now + step.seconds)
  model.now += step.seconds
}

function pauseOrUnpause(sequence: Sequence, step: CommandOf<'pause' | 'unpause'>, plan: Plan) {
  const { model, distributor } = sequence
  if (step.kind === 'pause' && model.paused) plan.predicted = 'RewardDistributorPaused'
  if (step.kind === 'unpause' && !model.paused) plan.predicted = 'RewardDistributorNotPaused'
  plan.send = () => write(actors.guardian, { ...distributor, functionName: step.kind, args: [] })
  plan.apply = () => {
    model.paused = step.kind === 'pause'
  }
}

function claim(sequence: Sequence, step: CommandOf<'claim'>, plan: Plan) {
  const { model, distributor } = sequence
  const { at } = plan
  const account = (claimants[step.account] ?? actors.stranger).address
  const sourceId = step.source === 'current' ? currentEpochAt(model, at) : model.epochCount
  const source = model.epochs.get(sourceId)
  const allocation = source?.allocations.get(account)
  const amount = allocation === undefined ? 1n : allocation + (step.inflate ? 1n : 0n)
  const proof = source && allocation !== undefined ? source.tree.proofOf(account) : []
  const outcome = model.paused
    ? { error: 'RewardDistributorPaused' }
    : predictClaim(model, at, model.claimed, model.totalClaimed, account, amount, proof)
  plan.predicted = outcome.error
  // The sponsor sends and pays the gas; the account in the leaf is paid (checked on balances below).
  plan.send = () =>
    write(senders[step.sponsor] ?? actors.relayer, {
      ...distributor,
      functionName: 'claim',
      args: [account, amount, proof],
    })
  plan.apply = () => {
    model.claimed.set(account, amount)
    model.totalClaimed += outcome.paid ?? 0n
  }
}

function claimMany(sequence: Sequence, step: CommandOf<'claimMany'>, plan: Plan) {
  const { model, distributor } = sequence
  const { at } = plan
  const epoch = model.epochs.get(currentEpochAt(model, at))
  const claims = step.accounts.map((i) => {
    const account = (claimants[i] ?? actors.stranger).address
    const allocation = epoch?.allocations.get(account)
    return {
      account,
      cumulativeAmount: allocation ?? 1n,
      proof: epoch && allocation !== undefined ? epoch.tree.proofOf(account) : [],
    }
  })
  const claimed = new Map(model.claimed)
  let totalClaimed = model.totalClaimed
  if (model.paused) plan.predicted = 'RewardDistributorPaused'
  for (const claim of claims) {
    if (plan.predicted) break
    const outcome = predictClaim(model, at, claimed, totalClaimed, claim.account, claim.cumulativeAmount, claim.proof)
    // Unlike claim, claimMany skips accounts with nothing left to claim.
    if (outcome.error && outcome.error !== 'RewardDistributorNothingToClaim') plan.predicted = outcome.error
    else if (outcome.paid) {
      claimed.set(claim.account, claim.cumulativeAmount)
      totalClaimed += outcome.paid
    }
  }
  plan.send = () =>
    write(senders[step.sponsor] ?? actors.relayer, {
      ...distributor,
      functionName: 'claimMany',
      args: [claims],
    })
  plan.apply = () => {
    model.claimed = claimed
    model.totalClaimed = totalClaimed
  }
}

type Handler<K extends Command['kind']> = (sequence: Sequence, step: CommandOf<K>, plan: Plan) => void | Promise<void>

const handlers: { [K in Command['kind']]: Handler<K> } = {
  register,
  registerBatch,
  commit,
  reveal,
  registerBySig,
  replaySignature,
  invalidateNonce,
  review,
  fund,
  propose,
  accept,
  revoke,
  advance,
  pause: pauseOrUnpause,
  unpause: pauseOrUnpause,
  claim,
  claimMany,
}

/** Plans one command against the model, filling in `plan`; it may mine blocks to move the clock first. */
export function planCommand(sequence: Sequence, step: Command, plan: Plan): void | Promise<void> {
  return (handlers[step.kind] as Handler<Command['kind']>)(sequence, step as never, plan)
}
