import type { Address, Hex } from 'viem'
import { getContractEvents } from 'viem/actions'
import * as registry from '../../../src/abis/contributionRegistry.js'
import { getContributionsByHash } from '../../../src/actions/registry/getContributionsByHash.js'
import { resolveMetadata } from '../../../src/content/resolveMetadata.js'
import type { DemoLedger } from './demoLedger.js'

export type DemoContribution = {
  contentHash: Hex
  datanetId: number
  contributor: Address
  status: string
  name: string
  mediaType: string
  tags: string[]
  /** Where the platform serves the bytes, when it holds them. */
  url: string | null
}

type Described = Pick<DemoContribution, 'name' | 'mediaType' | 'tags'>
const descriptions = new WeakMap<DemoLedger, Map<Hex, Described>>()

/** Every registered contribution, newest first, as the chain records it, described by its verified metadata. */
export async function listContributions(ledger: DemoLedger): Promise<DemoContribution[]> {
  const events = await getContractEvents(ledger.reader, {
    address: ledger.deployment.registry,
    abi: [registry.ContributionRegistered],
    eventName: 'ContributionRegistered',
    fromBlock: ledger.deployment.blockNumber,
  })
  const described = descriptions.get(ledger) ?? new Map<Hex, Described>()
  descriptions.set(ledger, described)
  const contentHashes = events.map((event) => event.args.contentHash as Hex)
  const current = await getContributionsByHash(ledger.reader, { contentHashes, deployment: ledger.deployment })
  const rows = await Promise.all(
    events.map(async ({ args }, i) => {
      const contentHash = args.contentHash as Hex
      let description = described.get(contentHash)
      if (!description) {
        const metadata = await resolveMetadata(args.metadataURI as string, {
          expectedHash: args.metadataHash as Hex,
        }).catch(() => undefined)
        description = {
          name: metadata?.name ?? 'Untitled',
          mediaType: metadata?.mediaType ?? 'application/octet-stream',
          tags: metadata?.tags ?? [],
        }
        described.set(contentHash, description)
      }
      return {
        contentHash,
        datanetId: Number(args.datanetId),
        contributor: args.contributor as Address,
        status: current[i]?.status ?? 'pending',
        ...description,
        url: ledger.content.has(contentHash) ? `/content/${contentHash}` : null,
      }
    }),
  )
  return rows.reverse()
}

/** The label a contribution's tags give it, for the sentiment model. */
export const labelFromTags = (tags: readonly string[]): 0 | 1 | undefined =>
  tags.includes('positive') ? 1 : tags.includes('negative') ? 0 : undefined
