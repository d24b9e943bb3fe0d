import type { Address } from 'viem'

/** The EIP-712 types of a signed registration, exactly as ContributionRegistry hashes them. */
export const registrationTypes = {
  Registration: [
    { name: 'contributor', type: 'address' },
    { name: 'datanetId', type: 'uint48' },
    { name: 'contentHash', type: 'bytes32' },
    { name: 'metadataHash', type: 'bytes32' },
    { name: 'metadataURI', type: 'string' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint256' },
  ],
} as const

/**
 * The EIP-712 domain of the registry at `registry` on `chainId`: a signature for one registry or chain is useless on
 * another.
 *
 * @example
 * registrationDomain({ chainId: 31337, registry: '0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512' })
 */
export function registrationDomain({ chainId, registry }: { chainId: number; registry: Address }) {
  return { name: 'ContributionRegistry', version: '1', chainId, verifyingContract: registry } as const
}
