import { type Hex, keccak256 } from 'viem'
import type { MetadataValidationError } from '../errors/metadata.js'
import { canonicalizeJson } from './canonicalJson.js'
import { type ContributionMetadata, validateMetadata } from './metadata.js'
import { bytesToDataURI } from './metadataEncoding.js'

export type EncodeMetadataReturnType = {
  /** The metadata as validated and normalised (the content hash lower-cased): what was hashed. */
  metadata: ContributionMetadata
  /** keccak256 of the canonical bytes: the `metadataHash` ContributionRegistry stores. */
  metadataHash: Hex
  /** The canonical bytes as `data:application/json;base64,…`: the default `metadataURI`. */
  metadataURI: string
}

export type EncodeMetadataErrorType = MetadataValidationError

/**
 * Everything a registration needs from its metadata, from one validation and one canonicalisation: the normalised
 * metadata, its `metadataHash` and its data: `metadataURI`. Gives the same hash and URI as {@link metadataHash} and
 * {@link metadataToDataURI}. Throws {@link MetadataValidationError}, whose `issues` say what to fix in which field.
 *
 * @example
 * const { metadataHash, metadataURI } = encodeMetadata(formValues)
 * const hash = await registerContribution(walletClient, { datanetId: 1, contentHash, metadataHash, metadataURI })
 */
export function encodeMetadata(input: unknown): EncodeMetadataReturnType {
  const metadata = validateMetadata(input)
  const bytes = new TextEncoder().encode(canonicalizeJson(metadata))
  return { metadata, metadataHash: keccak256(bytes), metadataURI: bytesToDataURI(bytes) }
}
