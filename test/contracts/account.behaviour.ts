/**
 * What a passkey account must do, on a chain with the P-256 precompile and on one without it (where OpenZeppelin's
 * Solidity fallback checks the signatures): account.precompile.test.ts and account.noPrecompile.test.ts run it.
 */
import assert from 'node:assert/strict'
import { before, beforeEach, describe, it } from 'node:test'
import {
  type Abi,
  type Account,
  type Address,
  encodeAbiParameters,
  encodeFunctionData,
  type Hex,
  hashTypedData,
  parseEventLogs,
  parseUnits,
  zeroHash,
} from 'viem'
import { hashTypedData as hashTypedDataErc7739, wrapTypedDataSignature } from 'viem/experimental/erc7739'
import { deployLedger, type LedgerDeployment } from '../../scripts/lib/deploy.js'
import { createInProcessChain, type InProcessChain } from '../../scripts/lib/inProcessChain.js'
import {
  contributionRegistryAbi,
  ledgerRewardTokenAbi,
  passkeyAccountAbi,
  passkeyAccountFactoryAbi,
  rewardDistributorAbi,
} from '../../src/abis/index.js'
import { localhostDeployment } from '../../src/chains.js'
import { buildStandardMerkleTree } from '../../src/merkle/standardMerkleTree.js'
import { registrationDomain, registrationTypes } from '../../src/registry/registrationTypedData.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import { entryPointAbi } from '../abis/index.js'
import {
  type AssertionOptions,
  accountSignature,
  createPasskey,
  executeBatch,
  flags,
  type Passkey,
  packUint128,
  signerOf,
} from './account.helpers.js'
import { actors, expectRevert, registrationOf } from './fixture.js'

type Deployed = Required<LedgerDeployment>

/** A valid P-256 precompile input (RIP-7212 test vector: hash, r, s, qx, qy), answered with 1 when the precompile exists. */
const P256_VECTOR =
  '0x4cee90eb86eaa050036147a12d49004b6b9c72bd725d39d4785011fe190f0b4da73bd4903f0ce3b639bbbf6e8e80d16931ff4bcf5993d58468e8fb19086e8cac36dbcd03009df8c59286b162af3bd7fcc0450c9aa81be5d10d312af6c66b1d604aebd3099c618202fcfe16ae7770b0c49ab5eadf74b754204a3bb6060e44eff37618b065f9832de4ca6ca971a7a1adc826d0f7c00181a5fb2ddf79ae00b4e10e'

export function passkeyAccountBehaviour({ p256Precompile }: { p256Precompile: boolean }) {
  let chain: InProcessChain
  let ledger: Deployed
  let snapshot: Hex
  let datanetId: number

  /** Simulates, sends and mines; resolves with the successful receipt. */
  async function write(
    account: Account,
    parameters: { address: Address; abi: Abi; functionName: string; args?: readonly unknown[] },
  ) {
    const { request } = await chain.publicClient.simulateContract({ ...parameters, account } as never)
    const hash = await chain.walletOf(account).writeContract(request as never)
    const receipt = await chain.publicClient.waitForTransactionReceipt({ hash })
    assert.equal(receipt.status, 'success')
    return receipt
  }

  const factory = () => ({ address: ledger.accountFactory, abi: passkeyAccountFactoryAbi }) as const
  const registry = () => ({ address: ledger.registry, abi: contributionRegistryAbi }) as const
  const token = () => ({ address: ledger.rewardToken, abi: ledgerRewardTokenAbi }) as const
  const entryPoint = () => ({ address: ledger.entryPoint, abi: entryPointAbi }) as const
  const signer = (passkey: Passkey) => signerOf(ledger.webAuthnVerifier, passkey)

  /** Creates the account of `passkey` (salt 0) from the relayer; resolves with its address. */
  async function createAccount(passkey: Passkey, from: Account = actors.relayer): Promise<Address> {
    const receipt = await write(from, {
      ...factory(),
      functionName: 'createAccount',
      args: [signer(passkey), zeroHash],
    })
    const [created] = parseEventLogs({
      abi: passkeyAccountFactoryAbi,
      logs: receipt.logs,
      eventName: 'PasskeyAccountCreated',
    })
    assert.ok(created, 'no PasskeyAccountCreated event')
    return created.args.account
  }

  /** A registration of `content` by `account`, signed with `passkey` the ERC-7739 way (nested EIP-712). */
  async function signedRegistration(
    account: Address,
    passkey: Passkey,
    content: string,
    options: AssertionOptions = {},
  ) {
    const registration = registrationOf(datanetId, content)
    const nonce = await chain.publicClient.readContract({ ...registry(), functionName: 'nonces', args: [account] })
    const deadline = (await chain.publicClient.getBlock()).timestamp + 3_600n
    const typedData = {
      domain: registrationDomain({ chainId: ledger.chainId, registry: ledger.registry }),
      types: registrationTypes,
      primaryType: 'Registration',
      message: { contributor: account, ...registration, nonce, deadline },
    } as const
    const hash = hashTypedDataErc7739({
      ...typedData,
      verifierDomain: {
        name: 'PasskeyAccount',
        version: '1',
        chainId: ledger.chainId,
        verifyingContract: account,
        salt: zeroHash,
      },
    })
    const signature = wrapTypedDataSignature({
      ...typedData,
      signature: accountSignature(ledger.webAuthnVerifier, passkey, hash, options),
    })
    return { args: [account, registration, nonce, deadline, signature] as const, typedData, registration }
  }

  const registerBySig = (args: readonly unknown[]) =>
    write(actors.relayer, { ...registry(), functionName: 'registerBySig', args })

  /** A user operation of `account` making `callData`, signed with `passkey`; gas fees zero, so the account pays nothing. */
  async function userOperation(account: Address, passkey: Passkey, callData: Hex, options: AssertionOptions = {}) {
    const nonce = await chain.publicClient.readContract({
      ...entryPoint(),
      functionName: 'getNonce',
      args: [account, 0n],
    })
    const operation = {
      sender: account,
      nonce,
      initCode: '0x' as Hex,
      callData,
      // Without the precompile, one P-256 verification alone costs ~235k gas.
      accountGasLimits: packUint128(1_000_000n, 300_000n),
      preVerificationGas: 50_000n,
      gasFees: packUint128(0n, 0n),
      paymasterAndData: '0x' as Hex,
      signature: '0x' as Hex,
    }
    const hash = await chain.publicClient.readContract({
      ...entryPoint(),
      functionName: 'getUserOpHash',
      args: [operation],
    })
    return { ...operation, signature: accountSignature(ledger.webAuthnVerifier, passkey, hash, options) }
  }

  /** The relayer submits `operations` to the EntryPoint itself (no bundler), as the beneficiary. */
  async function handleOps(operations: readonly Awaited<ReturnType<typeof userOperation>>[]) {
    const receipt = await write(actors.relayer, {
      ...entryPoint(),
      functionName: 'handleOps',
      args: [operations, actors.relayer.address],
    })
    return parseEventLogs({ abi: entryPointAbi, logs: receipt.logs })
  }

  before(async () => {
    chain = await createInProcessChain({ p256Precompile })
    const deployed = await deployLedger(
      { wallet: chain.walletOf(actors.owner), public: chain.publicClient },
      { attributor: actors.attributor.address, guardian: actors.guardian.address, disputePeriod: 3_600 },
    )
    ledger = deployed as Deployed
    await write(actors.owner, {
      ...registry(),
      functionName: 'createDatanet',
      args: ['data:,open', { curated: false, commitReveal: false }],
    })
    datanetId = 1
    snapshot = await chain.testClient.snapshot()
  })

  beforeEach(async () => {
    await chain.testClient.revert({ id: snapshot })
    snapshot = await chain.testClient.snapshot()
  })

  it(
    p256Precompile ? 'runs on a chain with the P-256 precompile' : 'runs on a chain without the P-256 precompile',
    async () => {
      const { data } = await chain.publicClient.call({
        to: '0x0000000000000000000000000000000000000100',
        data: P256_VECTOR,
      })
      assert.equal(data, p256Precompile ? `0x${'0'.repeat(63)}1` : undefined)
    },
  )

  it('deploys the passkey contracts on a fresh local chain where localhostDeployment says they are', () => {
    const { entryPoint, webAuthnVerifier, accountImplementation, accountFactory } = localhostDeployment
    assert.deepEqual(
      {
        entryPoint: ledger.entryPoint,
        webAuthnVerifier: ledger.webAuthnVerifier,
        accountImplementation: ledger.accountImplementation,
        accountFactory: ledger.accountFactory,
      },
      { entryPoint, webAuthnVerifier, accountImplementation, accountFactory },
    )
  })

  describe('PasskeyAccountFactory', () => {
    it('creates the account at the predicted address, with the passkey as its only signer', async () => {
      const passkey = createPasskey()
      const predicted = await chain.publicClient.readContract({
        ...factory(),
        functionName: 'predictAddress',
        args: [signer(passkey), zeroHash],
      })
      assert.equal(await chain.publicClient.getCode({ address: predicted }), undefined)
      const account = await createAccount(passkey)
      assert.equal(account, predicted)
      const read = (functionName: 'getSigners' | 'threshold', args: readonly unknown[] = []) =>
        chain.publicClient.readContract({ address: account, abi: passkeyAccountAbi, functionName, args } as never)
      assert.deepEqual(await read('getSigners', [0n, 2n ** 64n - 1n]), [signer(passkey)])
      assert.equal(await read('threshold'), 1n)
      assert.equal(
        await chain.publicClient.readContract({ address: account, abi: passkeyAccountAbi, functionName: 'entryPoint' }),
        ledger.entryPoint,
      )
    })

    it('returns the existing account when asked again, by anyone, without creating or initialising anything', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const receipt = await write(actors.stranger, {
        ...factory(),
        functionName: 'createAccount',
        args: [signer(passkey), zeroHash],
      })
      assert.equal(receipt.logs.length, 0)
      const { result } = await chain.publicClient.simulateContract({
        ...factory(),
        functionName: 'createAccount',
        args: [signer(passkey), zeroHash],
        account: actors.stranger,
      })
      assert.equal(result, account)
    })

    it('gives another passkey, or another salt, another account', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      assert.notEqual(await createAccount(createPasskey()), account)
      const salted = await chain.publicClient.readContract({
        ...factory(),
        functionName: 'predictAddress',
        args: [signer(passkey), `0x${'00'.repeat(31)}01`],
      })
      assert.notEqual(salted, account)
    })

    it('lets nobody initialise the implementation, or a created account a second time', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const intruder = signer(createPasskey())
      for (const address of [ledger.accountImplementation, account]) {
        await expectRevert(
          write(actors.stranger, { address, abi: passkeyAccountAbi, functionName: 'initialize', args: [intruder] }),
          'InvalidInitialization',
        )
      }
    })

    it('leaves the implementation with a placeholder signer that signs nothing', async () => {
      const read = (functionName: string, args: readonly unknown[]) =>
        chain.publicClient.readContract({
          address: ledger.accountImplementation,
          abi: passkeyAccountAbi,
          functionName,
          args,
        } as never)
      const placeholder = `0x${'00'.repeat(20)}` as Hex
      assert.deepEqual(await read('getSigners', [0n, 10n]), [placeholder])
      // No ECDSA signature recovers to address(0), and it has no code to answer ERC-1271: any claim to sign as it fails.
      const claimed = encodeAbiParameters(
        [{ type: 'bytes[]' }, { type: 'bytes[]' }],
        [[placeholder], [`0x${'11'.repeat(64)}1b`]],
      )
      assert.equal(await read('isValidSignature', [`0x${'22'.repeat(32)}`, claimed]), '0xffffffff')
    })
  })

  describe('registerBySig from a passkey account (ERC-1271, ERC-7739)', () => {
    it('registers the contribution to the account, submitted by a relayer', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const { args, registration } = await signedRegistration(account, passkey, 'street scenes, labelled')
      await registerBySig(args)
      const contribution = await chain.publicClient.readContract({
        ...registry(),
        functionName: 'getContribution',
        args: [registration.contentHash],
      })
      assert.equal(contribution.contributor, account)
      assert.equal(contribution.datanetId, datanetId)
    })

    const refused: [string, (account: Address, passkey: Passkey) => Promise<readonly unknown[]>][] = [
      [
        'without the user-verified flag',
        async (account, passkey) =>
          (await signedRegistration(account, passkey, 'no UV', { flags: flags.userPresent })).args,
      ],
      [
        'with a high s',
        async (account, passkey) => (await signedRegistration(account, passkey, 'high s', { highS: true })).args,
      ],
      [
        'as a plain EIP-712 signature, without the ERC-7739 wrapper',
        async (account, passkey) => {
          const { args, typedData } = await signedRegistration(account, passkey, 'plain')
          const plain = accountSignature(ledger.webAuthnVerifier, passkey, hashTypedData(typedData))
          return [args[0], args[1], args[2], args[3], plain]
        },
      ],
      [
        'with another account’s passkey',
        async (account) => {
          const other = createPasskey()
          await createAccount(other)
          return (await signedRegistration(account, other, 'not mine')).args
        },
      ],
    ]
    for (const [name, sign] of refused) {
      it(`refuses a signature ${name}`, async () => {
        const passkey = createPasskey()
        const account = await createAccount(passkey)
        await expectRevert(registerBySig(await sign(account, passkey)), 'ContributionRegistryInvalidSignature', [
          account,
        ])
      })
    }

    it('refuses a replayed signature (the registry’s nonce is used up)', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const { args } = await signedRegistration(account, passkey, 'once only')
      await registerBySig(args)
      await expectRevert(registerBySig(args), 'ContributionRegistryInvalidNonce', [account, 1n])
    })
  })

  describe('signers', () => {
    it('signs with a second passkey once the account added it, and no longer with one it removed', async () => {
      const phone = createPasskey()
      const laptop = createPasskey()
      const account = await createAccount(phone)

      // The account adds the laptop's passkey by calling itself through an ERC-7821 batch, in a user operation.
      const addLaptop = encodeFunctionData({
        abi: passkeyAccountAbi,
        functionName: 'addSigner',
        args: [signer(laptop)],
      })
      await handleOps([await userOperation(account, phone, executeBatch([{ to: account, data: addLaptop }]))])
      await registerBySig((await signedRegistration(account, laptop, 'from the laptop')).args)

      // The laptop removes the phone: a user operation whose call data is the call itself.
      const removePhone = encodeFunctionData({
        abi: passkeyAccountAbi,
        functionName: 'removeSigner',
        args: [signer(phone)],
      })
      await handleOps([await userOperation(account, laptop, removePhone)])
      const isSigner = (passkey: Passkey) =>
        chain.publicClient.readContract({
          address: account,
          abi: passkeyAccountAbi,
          functionName: 'isSigner',
          args: [signer(passkey)],
        })
      assert.equal(await isSigner(phone), false)
      assert.equal(await isSigner(laptop), true)
      await expectRevert(
        registerBySig((await signedRegistration(account, phone, 'from the lost phone')).args),
        'ContributionRegistryInvalidSignature',
        [account],
      )
      await expectRevert(handleOps([await userOperation(account, phone, removePhone)]), 'FailedOp', [
        0n,
        'AA24 signature error',
      ])
    })

    it('lets no one but the account add or remove a signer', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const intruder = signer(createPasskey())
      for (const functionName of ['addSigner', 'removeSigner'] as const) {
        await expectRevert(
          write(actors.stranger, { address: account, abi: passkeyAccountAbi, functionName, args: [intruder] }),
          'AccountUnauthorized',
          [actors.stranger.address],
        )
      }
      await expectRevert(
        write(actors.stranger, {
          address: account,
          abi: passkeyAccountAbi,
          functionName: 'execute',
          args: [`0x01${'00'.repeat(31)}`, '0x'],
        }),
        'AccountUnauthorized',
        [actors.stranger.address],
      )
    })

    it('never removes its last signer', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const operation = await userOperation(
        account,
        passkey,
        encodeFunctionData({ abi: passkeyAccountAbi, functionName: 'removeSigner', args: [signer(passkey)] }),
      )
      const events = await handleOps([operation])
      const reason = events.find((event) => event.eventName === 'UserOperationRevertReason')
      assert.ok(reason, 'the removal did not revert')
      const result = events.find((event) => event.eventName === 'UserOperationEvent')
      assert.equal(result?.eventName === 'UserOperationEvent' && result.args.success, false)
      assert.deepEqual(
        await chain.publicClient.readContract({
          address: account,
          abi: passkeyAccountAbi,
          functionName: 'getSigners',
          args: [0n, 10n],
        }),
        [signer(passkey)],
      )
    })
  })

  describe('rewards', () => {
    it('claims for the account without a signature, then sends the tokens on through EntryPoint.handleOps', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const amount = parseUnits('12.5', 18)

      const tree = buildStandardMerkleTree([rewardLeaf(account, amount), rewardLeaf(actors.alice.address, 1n)])
      await write(actors.owner, { ...token(), functionName: 'mint', args: [actors.owner.address, amount + 1n] })
      await write(actors.owner, { ...token(), functionName: 'approve', args: [ledger.distributor, amount + 1n] })
      await write(actors.owner, {
        address: ledger.distributor,
        abi: rewardDistributorAbi,
        functionName: 'fund',
        args: [amount + 1n],
      })
      await write(actors.attributor, {
        address: ledger.distributor,
        abi: rewardDistributorAbi,
        functionName: 'proposeEpoch',
        args: [tree.root, amount + 1n, zeroHash, 'ipfs://epoch-1'],
      })
      await chain.testClient.increaseTime({ seconds: ledger.disputePeriod })
      await chain.testClient.mine({ blocks: 1 })
      await write(actors.relayer, {
        address: ledger.distributor,
        abi: rewardDistributorAbi,
        functionName: 'claim',
        args: [account, amount, tree.getProof(rewardLeaf(account, amount))],
      })
      const balanceOf = (address: Address) =>
        chain.publicClient.readContract({ ...token(), functionName: 'balanceOf', args: [address] })
      assert.equal(await balanceOf(account), amount)

      const recipient = actors.carol.address
      const before = await balanceOf(recipient)
      const transfer = encodeFunctionData({
        abi: ledgerRewardTokenAbi,
        functionName: 'transfer',
        args: [recipient, amount],
      })
      const events = await handleOps([
        await userOperation(account, passkey, executeBatch([{ to: ledger.rewardToken, data: transfer }])),
      ])

      const result = events.find((event) => event.eventName === 'UserOperationEvent')
      assert.ok(result?.eventName === 'UserOperationEvent')
      assert.equal(result.args.success, true)
      assert.equal(result.args.sender, account)
      assert.equal(await balanceOf(account), 0n)
      assert.equal(await balanceOf(recipient), before + amount)
      assert.equal(await chain.publicClient.getBalance({ address: account }), 0n, 'the account paid for gas')
    })

    it('refuses a user operation signed by a passkey that is not the account’s, or without user verification', async () => {
      const passkey = createPasskey()
      const account = await createAccount(passkey)
      const callData = executeBatch([])
      await expectRevert(handleOps([await userOperation(account, createPasskey(), callData)]), 'FailedOp', [
        0n,
        'AA24 signature error',
      ])
      await expectRevert(
        handleOps([await userOperation(account, passkey, callData, { flags: flags.userPresent })]),
        'FailedOp',
        [0n, 'AA24 signature error'],
      )
    })
  })
}
