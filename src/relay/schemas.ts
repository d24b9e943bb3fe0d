import * as z from 'zod/mini'

/** `0x` and exactly `bytes` bytes of hex. */
export const hex = (bytes: number) => z.string().check(z.regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`)))
/** `0x` and any whole number of bytes, at most `maxBytes`. */
export const bytes = (maxBytes: number) =>
  z.string().check(z.regex(/^0x([0-9a-fA-F]{2})*$/), z.maxLength(2 + maxBytes * 2))
/** A non-negative integer as a decimal string, as JSON carries a uint256. */
export const uint = z.string().check(z.regex(/^\d{1,78}$/))
/** A uint256 in JSON-RPC form: `0x` and at most 64 hex digits. */
export const quantity = z.string().check(z.regex(/^0x[0-9a-fA-F]{1,64}$/))

/** A `SignedContribution`, as `signContribution` makes it and `sendToRelay` posts it. */
export const signedContributionSchema = z.strictObject({
  contributor: hex(20),
  registration: z.strictObject({
    datanetId: z.number().check(z.int(), z.positive()),
    contentHash: hex(32),
    metadataHash: hex(32),
    metadataURI: z.string().check(z.maxLength(16_384)),
  }),
  nonce: uint,
  deadline: uint,
  // A passkey account's signature, ERC-7739 nested and ERC-6492 wrapped, is about 1.5 KB.
  signature: z.string().check(z.regex(/^0x[0-9a-fA-F]{130,}$/), z.maxLength(8_192)),
  chainId: z.number().check(z.int(), z.positive()),
  registry: hex(20),
})

/** A claim anyone may send for `account`: the distributor pays `account` and no one else. */
export const claimSchema = z.strictObject({
  account: hex(20),
  cumulativeAmount: uint,
  proof: z.array(hex(32)).check(z.maxLength(64)),
})

/** A `PasskeyOperationRequest`: an ERC-4337 v0.8 user operation in JSON-RPC form, without paymaster or delegation. */
export const operationSchema = z.strictObject({
  userOperation: z.strictObject({
    sender: hex(20),
    nonce: quantity,
    factory: z.optional(hex(20)),
    factoryData: z.optional(bytes(1_024)),
    callData: bytes(16_384),
    callGasLimit: quantity,
    verificationGasLimit: quantity,
    preVerificationGas: quantity,
    maxFeePerGas: quantity,
    maxPriorityFeePerGas: quantity,
    signature: bytes(4_096),
  }),
  entryPoint: hex(20),
  chainId: z.number().check(z.int(), z.positive()),
})
