import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { StandardMerkleTree } from '@openzeppelin/merkle-tree'
import fc from 'fast-check'
import { type Address, bytesToHex, getAddress, type Hex, isAddress } from 'viem'
import {
  buildStandardMerkleTree,
  EmptyMerkleTreeError,
  InvalidMerkleLeafError,
  MerkleLeafNotFoundError,
  processProof,
} from '../../src/merkle/standardMerkleTree.js'
import { trainingSetLeaf } from '../../src/registry/trainingSetLeaf.js'
import { buildRewardTree, type RewardEntry } from '../../src/rewards/buildRewardTree.js'
import {
  claimFromShard,
  InvalidRewardShardError,
  InvalidShardPrefixError,
  InvalidShardPrefixLengthError,
  loadRewardShard,
  type RewardShard,
  shardPathFor,
  WrongRewardShardError,
} from '../../src/rewards/readRewardShard.js'
import { rewardLeaf } from '../../src/rewards/rewardLeaf.js'
import {
  DuplicateRewardAccountError,
  EmptyRewardTreeError,
  InvalidRewardAccountError,
  InvalidRewardAmountError,
} from '../../src/rewards/rewardTreeErrors.js'
import { NotARewardTreeError, shardRewardTree } from '../../src/rewards/writeRewardShards.js'
import { pseudoRandomBytes } from '../support/pseudoRandomBytes.js'

const seed = Number(process.env.FC_SEED ?? Date.now() % 2 ** 31)
const MAX_UINT256 = 2n ** 256n - 1n

/** `count` distinct checksummed accounts; amounts from a few values, so many leaves share an amount. */
function randomEntries(count: number, state: number): RewardEntry[] {
  const bytes = pseudoRandomBytes(21 * count, state)
  const amounts = [0n, 1n, 10n ** 18n, 123_456_789n * 10n ** 15n, MAX_UINT256, 2n ** 53n, 2n ** 53n + 1n]
  return Array.from({ length: count }, (_, i) => ({
    account: getAddress(bytesToHex(bytes.subarray(21 * i, 21 * i + 20))),
    amount: amounts[(bytes[21 * i + 20] as number) % amounts.length] as bigint,
  }))
}

const openZeppelinTree = (entries: readonly RewardEntry[]) =>
  StandardMerkleTree.of(
    entries.map(({ account, amount }) => [getAddress(account), amount.toString()]),
    ['address', 'uint256'],
  )

/** Root, dump and every proof against @openzeppelin/merkle-tree. */
function assertSameAsOpenZeppelin(entries: readonly RewardEntry[]) {
  const ours = buildRewardTree(entries)
  const theirs = openZeppelinTree(entries)
  assert.equal(ours.root, theirs.root)
  assert.equal(ours.size, entries.length)
  assert.deepEqual(ours.dump(), theirs.dump())
  entries.forEach(({ account, amount }, i) => {
    assert.deepEqual(ours.getProof(account), theirs.getProof(i), `proof of entry ${i}`)
    assert.equal(ours.amountOf(account), amount)
  })
}

describe('buildRewardTree', () => {
  it('matches @openzeppelin/merkle-tree for every size from 1 to 70 accounts', () => {
    for (let size = 1; size <= 70; size++) assertSameAsOpenZeppelin(randomEntries(size, size))
  })

  it('matches @openzeppelin/merkle-tree for random trees of up to 300 accounts, with shared amounts', (t) => {
    t.diagnostic(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`)
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 300 }), fc.nat(), (size, state) => {
        assertSameAsOpenZeppelin(randomEntries(size, state | 1))
      }),
      { seed, numRuns: 40 },
    )
  })

  it('matches @openzeppelin/merkle-tree for 3,000 accounts, more than one hashing batch', () => {
    assertSameAsOpenZeppelin(randomEntries(3000, 0x1234567))
  })

  it('writes checksummed accounts in its dump and finds accounts in any letter case', () => {
    const entries = randomEntries(50, 77)
    const lowerCase = entries.map(({ account, amount }) => ({ account: account.toLowerCase() as Address, amount }))
    const tree = buildRewardTree(lowerCase)
    assert.deepEqual(tree.dump(), openZeppelinTree(entries).dump())
    const { account, amount } = entries[7] as RewardEntry
    assert.equal(tree.amountOf(account), amount)
    assert.equal(tree.amountOf(account.toUpperCase().replace('0X', '0x') as Address), amount)
    assert.deepEqual(tree.getProof(account), tree.getProof(account.toLowerCase() as Address))
  })

  it('gives proofs that lead to the root from the reward leaf, and loads in OpenZeppelin', () => {
    const entries = randomEntries(257, 5)
    const tree = buildRewardTree(entries)
    for (const { account, amount } of entries)
      assert.equal(processProof(rewardLeaf(account, amount), tree.getProof(account)), tree.root)
    const loaded = StandardMerkleTree.load(JSON.parse(JSON.stringify(tree.dump())))
    assert.equal(loaded.root, tree.root)
  })

  it('has a one-leaf tree whose root is the leaf and whose proofs are empty', () => {
    const [entry] = randomEntries(1, 9) as [RewardEntry]
    const tree = buildRewardTree([entry])
    assert.equal(tree.root, rewardLeaf(entry.account, entry.amount))
    assert.deepEqual(tree.getProof(entry.account), [])
  })

  it('says an account outside the tree has no amount and no proof', () => {
    const tree = buildRewardTree(randomEntries(20, 3))
    const stranger = getAddress(bytesToHex(pseudoRandomBytes(20, 99)))
    assert.equal(tree.amountOf(stranger), undefined)
    assert.equal(tree.amountOf('0xnot-an-address' as Address), undefined)
    assert.throws(() => tree.getProof(stranger), { name: 'MerkleLeafNotFoundError' })
    assert.throws(() => tree.getProof(stranger), MerkleLeafNotFoundError)
  })

  it('accepts amounts from 0 to 2^256 - 1', () => {
    assertSameAsOpenZeppelin(
      randomEntries(4, 11).map((entry, i) => ({
        ...entry,
        amount: [0n, 1n, MAX_UINT256, MAX_UINT256 - 1n][i] as bigint,
      })),
    )
  })

  describe('refuses invalid input with a named error', () => {
    const [alice, bob, carol] = randomEntries(3, 21) as [RewardEntry, RewardEntry, RewardEntry]

    it('an empty list', () => {
      assert.throws(() => buildRewardTree([]), EmptyRewardTreeError)
    })

    it('an account listed twice, even in another letter case', () => {
      const again = { account: alice.account.toLowerCase() as Address, amount: 5n }
      assert.throws(
        () => buildRewardTree([alice, bob, again]),
        (error) => error instanceof DuplicateRewardAccountError && error.indices.join() === '0,2',
      )
    })

    it('negative amounts, amounts of 2^256 or more, and amounts that are not bigints', () => {
      for (const amount of [-1n, 2n ** 256n, 2n ** 300n, 5, '5', undefined]) {
        assert.throws(
          () => buildRewardTree([alice, { account: bob.account, amount: amount as bigint }]),
          (error) => error instanceof InvalidRewardAmountError && error.index === 1,
          String(amount),
        )
      }
    })

    it('malformed addresses', () => {
      for (const account of ['0x1234', `${alice.account}0`, alice.account.slice(2), `0x${'z'.repeat(40)}`, 7, null]) {
        assert.throws(
          () => buildRewardTree([alice, { account: account as Address, amount: 1n }]),
          (error) => error instanceof InvalidRewardAccountError && error.index === 1,
          String(account),
        )
      }
      assert.throws(() => buildRewardTree([alice, undefined as unknown as RewardEntry]), InvalidRewardAccountError)
    })

    it('exactly the addresses viem isAddress refuses, letter case included', (t) => {
      t.diagnostic(`fast-check seed ${seed} (rerun with FC_SEED=${seed})`)
      fc.assert(
        fc.property(
          fc.uint8Array({ minLength: 20, maxLength: 20 }),
          fc.array(fc.nat({ max: 39 }), { maxLength: 3 }),
          (bytes, flips) => {
            const chars = [...getAddress(bytesToHex(bytes))]
            // Flipping the case of a letter breaks the checksum; a digit has no case.
            for (const i of flips) {
              const char = chars[2 + i] as string
              chars[2 + i] = char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()
            }
            const mutated = chars.join('')
            for (const account of [mutated, mutated.toLowerCase(), `0x${mutated.slice(2).toUpperCase()}`]) {
              let accepted = true
              try {
                buildRewardTree([{ account: account as Address, amount: 1n }])
              } catch (error) {
                assert.ok(error instanceof InvalidRewardAccountError)
                accepted = false
              }
              assert.equal(accepted, isAddress(account), account)
            }
          },
        ),
        { seed, numRuns: 200 },
      )
    })

    it('addresses whose letter case breaks the checksum, naming the first bad entry', () => {
      const letter = [...bob.account].findIndex((char, i) => i > 1 && /[a-fA-F]/.test(char))
      const char = bob.account[letter] as string
      const flipped = `${bob.account.slice(0, letter)}${char === char.toLowerCase() ? char.toUpperCase() : char.toLowerCase()}${bob.account.slice(letter + 1)}`
      assert.throws(
        () => buildRewardTree([alice, { account: flipped as Address, amount: 1n }, { ...carol, amount: -1n }]),
        (error) => error instanceof InvalidRewardAccountError && error.index === 1 && /checksum/.test(error.message),
      )
    })
  })
})

describe('buildStandardMerkleTree', () => {
  const contentHashes = (count: number, state: number) =>
    Array.from({ length: count }, (_, i) => bytesToHex(pseudoRandomBytes(32, state + i)))

  it('matches OpenZeppelin over bytes32 training-set leaves: root, nodes and proofs', () => {
    for (const count of [1, 2, 3, 16, 33, 500]) {
      const hashes = contentHashes(count, count)
      const ours = buildStandardMerkleTree(hashes.map(trainingSetLeaf))
      const theirs = StandardMerkleTree.of(
        hashes.map((hash) => [hash]),
        ['bytes32'],
      )
      assert.equal(ours.root, theirs.root)
      assert.deepEqual(ours.nodes, theirs.dump().tree)
      hashes.forEach((hash, i) => {
        assert.deepEqual(ours.getProof(trainingSetLeaf(hash)), theirs.getProof(i))
      })
    }
  })

  it('accepts leaves in any letter case and repeated leaves, as before', () => {
    const [a, b] = contentHashes(2, 40).map(trainingSetLeaf) as [Hex, Hex]
    const tree = buildStandardMerkleTree([a, b, a])
    assert.equal(tree.nodes.length, 5)
    assert.equal(processProof(a, tree.getProof(a.toUpperCase().replace('0X', '0x') as Hex)), tree.root)
  })

  it('refuses no leaves, leaves that are not 32-byte hashes, and proofs of absent leaves', () => {
    assert.throws(() => buildStandardMerkleTree([]), EmptyMerkleTreeError)
    assert.throws(() => buildStandardMerkleTree(['0x1234']), InvalidMerkleLeafError)
    const tree = buildStandardMerkleTree(contentHashes(3, 50))
    assert.throws(() => tree.getProof(bytesToHex(pseudoRandomBytes(32, 1))), MerkleLeafNotFoundError)
    assert.throws(() => tree.getProof('0xzz'), MerkleLeafNotFoundError)
  })
})

describe('reward shards', () => {
  const entries = randomEntries(5000, 0xabcdef)
  const tree = buildRewardTree(entries)
  const shards = shardRewardTree(tree)
  const files = new Map([...shards.files()].map((file) => [file.path, file]))
  const decode = (bytes: Uint8Array) => new TextDecoder().decode(bytes)
  const shardOf = (account: Address): RewardShard => {
    const file = files.get(shardPathFor(account, shards.manifest.prefixLength))
    assert.ok(file, `no shard for ${account}`)
    return loadRewardShard(decode(file.bytes))
  }

  it('has a manifest that says how the shards are cut, with one file per prefix', () => {
    assert.deepEqual(shards.manifest, {
      format: 'reward-shards-v1',
      leafEncoding: ['address', 'uint256'],
      root: tree.root,
      accounts: 5000,
      prefixLength: 2,
      shards: 256,
      path: 'shards/{prefix}.json',
    })
    assert.equal(files.size, 256)
    assert.equal(
      [...files.values()].reduce((sum, file) => sum + file.accounts, 0),
      5000,
    )
  })

  it('finds every account in its shard, with its amount and the proof the tree gives, verified against the root', () => {
    for (const { account, amount } of entries) {
      const shard = shardOf(account)
      assert.equal(shard.root, tree.root)
      const claim = claimFromShard(shard, account)
      assert.ok(claim, account)
      assert.equal(claim.account, account)
      assert.equal(claim.cumulativeAmount, amount)
      assert.deepEqual(claim.proof, tree.getProof(account))
      assert.equal(processProof(rewardLeaf(account, amount), claim.proof), tree.root)
    }
  })

  it('returns null for an account that is not in the tree, and refuses the wrong shard', () => {
    const strangers = Array.from({ length: 200 }, (_, i) => getAddress(bytesToHex(pseudoRandomBytes(20, 7 + i))))
    for (const stranger of strangers) assert.equal(claimFromShard(shardOf(stranger), stranger), null)
    const [first, second] = [...files.values()]
    assert.ok(first && second)
    const other = loadRewardShard(decode(second.bytes)).values[0]?.account as Address
    assert.throws(() => claimFromShard(loadRewardShard(decode(first.bytes)), other), WrongRewardShardError)
  })

  it('keeps every shard within the size limit, choosing a longer prefix for a smaller limit', () => {
    const largest = Math.max(...[...files.values()].map((file) => file.bytes.length))
    assert.ok(largest <= 50_000, `${largest} bytes`)
    const small = shardRewardTree(tree, { maxShardBytes: 8_000 })
    assert.ok(small.manifest.prefixLength > shards.manifest.prefixLength)
    for (const file of small.files()) assert.ok(file.bytes.length <= 8_000, `${file.path}: ${file.bytes.length} bytes`)
  })

  it('cuts by a given prefix length, and gives one shard by its prefix', () => {
    const coarse = shardRewardTree(tree, { prefixLength: 1 })
    assert.equal(coarse.manifest.shards, 16)
    const [file] = coarse.files()
    assert.ok(file)
    assert.equal(file.path, 'shards/0.json')
    assert.deepEqual(coarse.shard('0'), JSON.parse(decode(file.bytes)))
    assert.throws(() => coarse.shard('00'), InvalidShardPrefixError)
    for (const prefixLength of [0, 7, 1.5]) {
      assert.throws(() => shardRewardTree(tree, { prefixLength }), InvalidShardPrefixLengthError)
      assert.throws(() => shardPathFor(entries[0]?.account as Address, prefixLength), InvalidShardPrefixLengthError)
    }
    assert.equal(shardPathFor('0xAbCd000000000000000000000000000000000000', 3), 'shards/abc.json')
  })

  it('refuses a tree that buildRewardTree did not make', () => {
    assert.throws(() => shardRewardTree({ ...tree }), NotARewardTreeError)
  })

  it('refuses damaged shards: not JSON, a wrong shape, or data that does not lead to the root', () => {
    const { account } = entries[0] as RewardEntry
    const shard = shardOf(account)
    for (const damaged of [
      'not json',
      '[]',
      { ...shard, format: 'standard-v1' },
      { ...shard, root: '0x1234' },
      { ...shard, nodes: [...shard.nodes, 'nope'] },
      { ...shard, values: [{ ...shard.values[0], proof: [shard.nodes.length] }] },
      { ...shard, values: [{ ...shard.values[0], amount: '-1' }] },
      {
        ...shard,
        values: [{ ...shard.values[0], account: `0x${shard.prefix === 'ff' ? '00' : 'ff'}${'0'.repeat(38)}` }],
      },
    ]) {
      assert.throws(() => loadRewardShard(damaged), InvalidRewardShardError, JSON.stringify(damaged).slice(0, 80))
    }
    const inflated = {
      ...shard,
      values: shard.values.map((value) =>
        value.account === account ? { ...value, amount: `${BigInt(value.amount) + 1n}` } : value,
      ),
    }
    assert.throws(() => claimFromShard(loadRewardShard(inflated), account), InvalidRewardShardError)
  })
})
