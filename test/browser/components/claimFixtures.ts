import { waitUntil } from '@open-wc/testing'
import { type Address, erc20Abi, keccak256, parseUnits, toBytes } from 'viem'
import { readContract, waitForTransactionReceipt, writeContract } from 'viem/actions'
import { ledgerRewardTokenAbi, rewardDistributorAbi } from '../../../src/abis/index.js'
import { fundRewards } from '../../../src/actions/rewards/fundRewards.js'
import { proposeEpochAndWait } from '../../../src/actions/rewards/proposeEpoch.js'
import { buildRewardTree, type RewardEntry, type RewardTree } from '../../../src/rewards/buildRewardTree.js'
import { shardRewardTree } from '../../../src/rewards/writeRewardShards.js'
import { actors, clientOf, increaseTime, served } from '../chain.js'

const owner = clientOf(actors.owner)
const attributor = clientOf(actors.attributor)
const guardian = clientOf(actors.guardian)

/** Whole tokens in the token's smallest unit (the local token has 18 decimals). */
export const tokens = (amount: string) => parseUnits(amount, 18)

export const balanceOf = (account: Address) =>
  readContract(owner, { address: served.rewardToken, abi: erc20Abi, functionName: 'balanceOf', args: [account] })

export const claimedBy = (account: Address) =>
  readContract(owner, {
    address: served.distributor,
    abi: rewardDistributorAbi,
    functionName: 'claimed',
    args: [account],
  })

/** Mints `amount` to the owner and funds the distributor with it. */
export async function fund(amount: bigint) {
  const minted = await writeContract(owner, {
    address: served.rewardToken,
    abi: ledgerRewardTokenAbi,
    functionName: 'mint',
    args: [actors.owner.address, amount],
    account: actors.owner,
    chain: owner.chain,
  })
  await waitForTransactionReceipt(owner, { hash: minted })
  await waitForTransactionReceipt(owner, { hash: await fundRewards(owner, { amount }) })
}

/** Proposes an epoch of cumulative amounts; it stays pending (not claimable) until `activate()`. */
export async function proposeEpoch(entries: RewardEntry[]) {
  const tree = buildRewardTree(entries)
  const label = `epoch ${tree.root}`
  const { epochId } = await proposeEpochAndWait(attributor, {
    root: tree.root,
    cumulativeTotal: entries.reduce((sum, { amount }) => sum + amount, 0n),
    manifestHash: keccak256(toBytes(label)),
    manifestURI: `data:,${encodeURIComponent(label)}`,
  })
  return { tree, epochId }
}

/** Waits out the dispute window, so that the last proposed epoch becomes the claimable one. */
export const activate = () => increaseTime(served.disputePeriod)

/** Proposes an epoch and makes it claimable. */
export async function publishEpoch(entries: RewardEntry[]) {
  const epoch = await proposeEpoch(entries)
  await activate()
  return epoch
}

export async function revokeEpoch(epochId: number) {
  const hash = await writeContract(guardian, {
    address: served.distributor,
    abi: rewardDistributorAbi,
    functionName: 'revokeEpoch',
    args: [epochId],
    account: actors.guardian,
    chain: guardian.chain,
  })
  await waitForTransactionReceipt(guardian, { hash })
}

/** The tree as a `data:` URL: a reward file with no server. */
export const treeURL = (tree: RewardTree) => `data:application/json,${encodeURIComponent(JSON.stringify(tree.dump()))}`

/**
 * A stand-in for a static file host at https://rewards.test/, as a platform would publish its epochs there: reward
 * files need real relative URLs (a shard index points at its shards), which `data:` and `blob:` URLs cannot have.
 * Every other request (the JSON-RPC ones included) goes to the network as usual.
 */
export function rewardHost() {
  const files = new Map<string, string>()
  const original = window.fetch
  window.fetch = (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    if (!url.startsWith('https://rewards.test/')) return original.call(window, input, init)
    const body = files.get(url)
    return Promise.resolve(
      body === undefined
        ? new Response('not found', { status: 404 })
        : new Response(body, { headers: { 'content-type': 'application/json' } }),
    )
  }
  return {
    /** Publishes `tree` at `/epochs/<epochId>/tree.json`, and its shards beside it (`shards.json`, `shards/…`). */
    publish(epochId: number, tree: RewardTree) {
      const base = `https://rewards.test/epochs/${epochId}/`
      files.set(`${base}tree.json`, JSON.stringify(tree.dump()))
      const shards = shardRewardTree(tree, { prefixLength: 1 })
      files.set(`${base}shards.json`, JSON.stringify(shards.manifest))
      for (const { path, bytes } of shards.files()) files.set(`${base}${path}`, new TextDecoder().decode(bytes))
    },
    close() {
      window.fetch = original
    },
  }
}

/** Waits for `condition` (polling), failing with `message` only at the test's own time limit. */
export const until = (condition: () => boolean, message: string) => waitUntil(condition, message, { timeout: 25_000 })

const squash = (text: string | null | undefined) => text?.replace(/\s+/g, ' ').trim() ?? ''

export const textOf = (element: Element) => squash(element.shadowRoot?.textContent)
export const statusOf = (element: Element) => squash(element.shadowRoot?.querySelector('[role="status"]')?.textContent)
export const partOf = <T extends Element = HTMLElement>(element: Element, part: string) =>
  element.shadowRoot?.querySelector<T>(`[part~="${part}"]`) ?? null
/** The amounts the widget shows, by label. */
export const amountsOf = (element: Element) =>
  Object.fromEntries(
    [...(element.shadowRoot?.querySelectorAll('[part="amounts"] div') ?? [])].map((row) => [
      squash(row.querySelector('dt')?.textContent),
      squash(row.querySelector('dd')?.textContent),
    ]),
  )
/** The summary shown before signing, by label. */
export const summaryOf = (element: Element) =>
  Object.fromEntries(
    [...(partOf(element, 'summary')?.querySelectorAll('dt') ?? [])].map((dt) => [
      squash(dt.textContent),
      squash(dt.nextElementSibling?.textContent),
    ]),
  )
