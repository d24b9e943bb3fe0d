import type { Address, Hex } from 'viem'

/** What a contributor registers: the content's SHA-256, its datanet and its metadata (hash and where to find it). */
export type Registration = {
  datanetId: number
  contentHash: Hex
  /** keccak256 of the RFC 8785 canonical metadata JSON. */
  metadataHash: Hex
  metadataURI: string
}

export type ContributionStatus = 'pending' | 'accepted' | 'rejected'

/** A registered contribution as the chain records it. Its id is its content hash. */
export type Contribution = {
  contentHash: Hex
  contributor: Address
  datanetId: number
  registeredAt: Date
  status: ContributionStatus
  metadataHash: Hex
}

const statuses = [undefined, 'pending', 'accepted', 'rejected'] as const

type RawContribution = {
  contributor: Address
  datanetId: number
  registeredAt: number
  status: number
  metadataHash: Hex
}

/** The contract's record as a `Contribution`, or null for a content hash nobody registered. */
export function toContribution(contentHash: Hex, raw: RawContribution): Contribution | null {
  const status = statuses[raw.status]
  if (!status) return null
  return {
    contentHash,
    contributor: raw.contributor,
    datanetId: raw.datanetId,
    registeredAt: new Date(raw.registeredAt * 1000),
    status,
    metadataHash: raw.metadataHash,
  }
}
