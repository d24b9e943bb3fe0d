import { type Address, encodeAbiParameters, type Hex, keccak256 } from 'viem'

/**
 * The reward leaf that RewardDistributor verifies: OpenZeppelin's standard double hash of
 * `abi.encode(account, cumulativeAmount)`. The tree builder, the SDK and the tests all use this one function.
 *
 * @example
 * rewardLeaf('0x70997970C51812dc3A010C7d01b50e0d17dc79C8', 10n ** 18n)
 */
export function rewardLeaf(account: Address, cumulativeAmount: bigint): Hex {
  return keccak256(
    keccak256(encodeAbiParameters([{ type: 'address' }, { type: 'uint256' }], [account, cumulativeAmount])),
  )
}
