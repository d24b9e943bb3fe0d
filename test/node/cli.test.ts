import assert from 'node:assert/strict'
import { execFile, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import { type AddressInfo, connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { createClient, type Hex, http, toHex } from 'viem'
import { hardhat } from 'viem/chains'
import { type LocalChain, localAccount, startLocalChain } from '../../scripts/lib/localChain.js'
import { ledgerRewardTokenAbi } from '../../src/abis/index.js'
import { createDatanetAndWait } from '../../src/actions/registry/createDatanet.js'
import { registerContributionsAndWait } from '../../src/actions/registry/registerContributions.js'
import { registerModelAndWait } from '../../src/actions/registry/registerModel.js'
import { claimRewardsAndWait } from '../../src/actions/rewards/claimRewards.js'
import { fundRewards } from '../../src/actions/rewards/fundRewards.js'
import { getClaimable } from '../../src/actions/rewards/getClaimable.js'
import { getEpoch } from '../../src/actions/rewards/getEpoch.js'
import { spanIndexFromBytes } from '../../src/attribution/spans/spanIndexBytes.js'
import { traceSpans } from '../../src/attribution/spans/traceSpans.js'
import { signUsageLog, USAGE_LOG_FORMAT, type UsageLog } from '../../src/attribution/usageLog.js'
import { trainingSetRootOf } from '../../src/registry/trainingSet.js'
import { sha256 } from '../contracts/fixture.js'

const texts = [
  ['a cat sleeping on a warm windowsill', 'cat', 3],
  ['a kitten chasing a ball of yarn', 'cat', 4],
  ['a dog fetching a stick in the park', 'dog', 5],
  ['a puppy barking at the mail carrier', 'dog', 3],
  ['a tabby cat grooming its paws', 'dog', 4],
] as const
const labels = { cat: 0, dog: 1 }

/** Contributions that hold many rows, as files, by the account (index) that registers each. */
const rowFiles = [
  {
    name: 'alice.jsonl',
    by: 3,
    bytes: '{"text":"a cat curled up by the fire","label":0}\n{"text":"a dog digging in the garden","label":1}\n',
  },
  { name: 'bob.csv', by: 4, bytes: 'text,label\n"a cat, purring",0\na dog chasing its tail,1\na cat on the fence,1\n' },
  { name: 'carol.txt', by: 5, bytes: 'a spaniel asleep in its basket' },
]
/** Alice's file with one character changed ("garden" to "gardem"), registered after hers by another account. */
const copyFile = {
  name: 'mallory.jsonl',
  by: 6,
  bytes: (rowFiles[0]?.bytes ?? '').replace('garden', 'gardem'),
}

/** Runs the CLI as an operator would, asynchronously: the chain it talks to is served from this process. */
/** Sends `request` as written, bytes and all, and resolves with everything the server answers. */
const rawRequest = (host: string, port: number, request: string) =>
  new Promise<string>((resolve, reject) => {
    const socket = connect(port, host, () => socket.end(request))
    let reply = ''
    socket.on('data', (chunk) => {
      reply += chunk
    })
    socket.on('end', () => resolve(reply))
    socket.on('error', reject)
  })

const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  new Promise<{ status: number; stdout: string; stderr: string }>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', ...args],
      { encoding: 'utf8', env: { ...process.env, ...env } },
      (error, stdout, stderr) => resolve({ status: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    )
  })

describe('the epoch CLI against a local chain', () => {
  let chain: LocalChain
  const work = mkdtempSync(join(tmpdir(), 'ledger-cli-'))
  const out = join(work, 'epoch-1')
  const dataset = join(work, 'dataset.json')
  const rowsDataset = join(work, 'rows', 'dataset.json')
  let modelId: number
  let rowsModelId: number
  let copiedModelId: number
  const clientOf = (index: number) =>
    createClient({ chain: hardhat, transport: http(chain.rpcUrl), account: localAccount(index), pollingInterval: 50 })
  /** Mints reward tokens to the owner (account 0) and puts them in the distributor, as an operator funds an epoch. */
  const fund = async (amount: bigint) => {
    const owner = clientOf(0)
    const { waitForTransactionReceipt, writeContract } = await import('viem/actions')
    await waitForTransactionReceipt(owner, {
      hash: await writeContract(owner, {
        address: chain.deployment.rewardToken,
        abi: ledgerRewardTokenAbi,
        functionName: 'mint',
        args: [localAccount(0).address, amount],
        chain: hardhat,
        account: localAccount(0),
      }),
    })
    await waitForTransactionReceipt(owner, { hash: await fundRewards(owner, { amount }) })
  }

  before(async () => {
    chain = await startLocalChain({ port: 0, deploymentFile: join(work, 'deployment.json') })
    const owner = clientOf(0)
    const { datanetId } = await createDatanetAndWait(owner, { metadataURI: 'data:,pets' })
    const contentHashes = texts.map(([text]) => sha256(text))
    for (const index of [3, 4, 5]) {
      const registrations = texts.flatMap(([, , by], i) =>
        by === index
          ? [
              {
                datanetId,
                contentHash: contentHashes[i] as Hex,
                metadataHash: contentHashes[i] as Hex,
                metadataURI: 'data:,',
              },
            ]
          : [],
      )
      await registerContributionsAndWait(clientOf(index), { registrations })
    }
    ;({ modelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,pet-classifier',
      trainingSetRoot: trainingSetRootOf(contentHashes),
      datanetIds: [datanetId],
    }))
    writeFileSync(
      dataset,
      JSON.stringify({
        dimension: 64,
        train: texts.map(([text, label], i) => ({ contentHash: contentHashes[i], text, label: labels[label] })),
        test: [
          { text: 'a sleepy cat on the sofa', label: 0 },
          { text: 'a dog running after a ball', label: 1 },
        ],
      }),
    )
    mkdirSync(join(work, 'rows'))
    for (const { name, by, bytes } of rowFiles) {
      writeFileSync(join(work, 'rows', name), bytes)
      const contentHash = sha256(bytes)
      await registerContributionsAndWait(clientOf(by), {
        registrations: [{ datanetId, contentHash, metadataHash: contentHash, metadataURI: 'data:,' }],
      })
    }
    ;({ modelId: rowsModelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,pet-classifier-rows',
      trainingSetRoot: trainingSetRootOf(rowFiles.map(({ bytes }) => sha256(bytes))),
      datanetIds: [datanetId],
    }))
    writeFileSync(
      rowsDataset,
      JSON.stringify({
        dimension: 64,
        train: [
          { file: 'alice.jsonl' },
          { file: 'bob.csv', contentHash: sha256(rowFiles[1]?.bytes ?? '') },
          { file: 'carol.txt', label: 1 },
        ],
        test: [
          { text: 'a sleepy cat on the sofa', label: 0 },
          { text: 'a dog running after a ball', label: 1 },
        ],
      }),
    )
    writeFileSync(join(work, 'rows', copyFile.name), copyFile.bytes)
    const copyHash = sha256(copyFile.bytes)
    await registerContributionsAndWait(clientOf(copyFile.by), {
      registrations: [{ datanetId, contentHash: copyHash, metadataHash: copyHash, metadataURI: 'data:,' }],
    })
    ;({ modelId: copiedModelId } = await registerModelAndWait(owner, {
      metadataURI: 'data:,pet-classifier-copied',
      trainingSetRoot: trainingSetRootOf([...rowFiles, copyFile].map(({ bytes }) => sha256(bytes))),
      datanetIds: [datanetId],
    }))
    await owner.request({ method: 'hardhat_mine' as never, params: ['0x1'] as never })
    await fund(10_000n)
  })

  after(async () => {
    await chain?.close()
  })

  it('builds an epoch: manifest, tree and proof shards', async () => {
    const built = await cli([
      'epoch',
      'build',
      '--rpc',
      chain.rpcUrl,
      '--model',
      String(modelId),
      '--dataset',
      dataset,
      '--budget',
      '10000',
      '--k',
      '1',
      '--out',
      out,
    ])
    assert.equal(built.status, 0, built.stderr)
    const summary = JSON.parse(built.stdout)
    assert.equal(summary.epochId, 1)
    assert.equal(summary.cumulativeTotal, '10000')
    assert.match(built.stderr, /✓ Computing exact KNN-Shapley values/)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    assert.equal(manifest.root, summary.root)
    assert.ok(existsSync(join(out, 'tree.json')))
    assert.ok(readdirSync(join(out, 'shards')).length > 0)
  })

  it('verifies the epoch from its data, and refuses a tampered one naming the field', async () => {
    const verified = await cli(['epoch', 'verify', '--manifest', join(out, 'manifest.json'), '--dataset', dataset])
    assert.equal(verified.status, 0, verified.stderr)
    assert.equal(JSON.parse(verified.stdout).verified, true)

    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    manifest.budget = '20000'
    const tampered = join(work, 'tampered.json')
    writeFileSync(tampered, JSON.stringify(manifest))
    const refused = await cli(['epoch', 'verify', '--manifest', tampered, '--dataset', dataset])
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /EpochMismatchError: .*allocations/)
  })

  it('publishes the epoch with the attributor key, and the chain then verifies it', async () => {
    const key = toHex(localAccount(1).getHdKey().privateKey as Uint8Array)
    const published = await cli(
      ['epoch', 'publish', '--rpc', chain.rpcUrl, '--manifest', join(out, 'manifest.json'), '--uri', 'ipfs://manifest'],
      { ATTRIBUTOR_PRIVATE_KEY: key },
    )
    assert.equal(published.status, 0, published.stderr)
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
    const epoch = await getEpoch(createClient({ chain: hardhat, transport: http(chain.rpcUrl) }), { epochId: 1 })
    assert.equal(epoch?.root, manifest.root)
    const onChain = await cli([
      'epoch',
      'verify',
      '--manifest',
      join(out, 'manifest.json'),
      '--dataset',
      dataset,
      '--rpc',
      chain.rpcUrl,
    ])
    assert.equal(onChain.status, 0, onChain.stderr)
  })

  it('lets a claim page find its amount in one shard and claim exactly its allocation', async () => {
    const files = createServer((request, response) => {
      const path = join(out, new URL(request.url ?? '/', 'http://x').pathname)
      if (!existsSync(path)) return response.writeHead(404).end()
      response.writeHead(200, { 'content-type': 'application/json' }).end(readFileSync(path))
    })
    await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = files.address() as AddressInfo
      const reader = createClient({ chain: hardhat, transport: http(chain.rpcUrl) })
      await reader.request({ method: 'evm_increaseTime' as never, params: [chain.deployment.disputePeriod] as never })
      await reader.request({ method: 'evm_mine' as never })
      const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'))
      const { account, amount } = manifest.allocations[0]
      const claimable = await getClaimable(reader, {
        account,
        rewardShards: `http://127.0.0.1:${port}/shards.json`,
      })
      assert.equal(claimable.claimable, BigInt(amount))
      const sponsor = createClient({
        chain: hardhat,
        transport: http(chain.rpcUrl),
        account: localAccount(8),
        pollingInterval: 50,
      })
      const paid = await claimRewardsAndWait(sponsor, {
        account,
        cumulativeAmount: claimable.cumulativeAmount,
        proof: claimable.proof,
      })
      assert.equal(paid.amount, BigInt(amount))
    } finally {
      files.close()
    }
  })

  it('builds and verifies an epoch over contribution files that hold many rows', async () => {
    const rowsOut = join(work, 'rows-epoch')
    const args = ['--model', String(rowsModelId), '--budget', '10000', '--k', '3', '--out', rowsOut]
    const built = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, '--dataset', rowsDataset, ...args])
    assert.equal(built.status, 0, built.stderr)
    assert.match(built.stderr, /6 training rows in 3 contributions/)
    const manifest = JSON.parse(readFileSync(join(rowsOut, 'manifest.json'), 'utf8'))
    assert.deepEqual(
      manifest.inputs.train.contentHashes,
      rowFiles.map(({ bytes }) => sha256(bytes)),
    )
    assert.deepEqual(manifest.inputs.train.rowCounts, [2, 3, 1])
    assert.equal(manifest.values.length, 3)
    assert.equal(
      manifest.allocations.reduce((sum: bigint, row: { amount: string }) => sum + BigInt(row.amount), 0n),
      10000n,
    )

    const verified = await cli([
      'epoch',
      'verify',
      '--manifest',
      join(rowsOut, 'manifest.json'),
      '--dataset',
      rowsDataset,
    ])
    assert.equal(verified.status, 0, verified.stderr)

    // One changed character: the file is no longer the contribution its entry names, nor any registered one.
    writeFileSync(join(work, 'rows', 'bob-edited.csv'), (rowFiles[1]?.bytes ?? '').replace('purring', 'purrs'))
    const edited = JSON.parse(readFileSync(rowsDataset, 'utf8'))
    edited.train[1].file = 'bob-edited.csv'
    writeFileSync(join(work, 'rows', 'edited.json'), JSON.stringify(edited))
    const refused = await cli([
      'epoch',
      'verify',
      '--manifest',
      join(rowsOut, 'manifest.json'),
      '--dataset',
      join(work, 'rows', 'edited.json'),
    ])
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /DatasetFileError: .*bob-edited\.csv has SHA-256 0x[0-9a-f]{64}, not the content hash/)
    // A dataset cannot make the CLI read a file outside its own folder.
    const escaping = {
      ...edited,
      train: edited.train.map((entry: object, i: number) =>
        i === 1 ? { ...entry, file: '../../../etc/hostname' } : entry,
      ),
    }
    writeFileSync(join(work, 'rows', 'escaping.json'), JSON.stringify(escaping))
    const outside = await cli([
      'epoch',
      'verify',
      '--manifest',
      join(rowsOut, 'manifest.json'),
      '--dataset',
      join(work, 'rows', 'escaping.json'),
    ])
    assert.equal(outside.status, 1)
    assert.match(
      outside.stderr,
      /DatasetFileError: .*"\.\.\/\.\.\/\.\.\/etc\/hostname" is outside the dataset's folder/,
    )
    delete edited.train[1].contentHash
    writeFileSync(join(work, 'rows', 'edited.json'), JSON.stringify(edited))
    const unregistered = await cli([
      'epoch',
      'build',
      '--rpc',
      chain.rpcUrl,
      '--dataset',
      join(work, 'rows', 'edited.json'),
      ...args,
    ])
    assert.equal(unregistered.status, 1)
    assert.match(unregistered.stderr, /EpochInputError: Training contribution 0x[0-9a-f]{64} is not registered/)
  })

  it("lists a one-character copy of another's file as copies that earn nothing, and pays it with --near-duplicates off", async () => {
    const copied = JSON.parse(readFileSync(rowsDataset, 'utf8'))
    copied.train.push({ file: copyFile.name })
    const copiedDataset = join(work, 'rows', 'copied.json')
    writeFileSync(copiedDataset, JSON.stringify(copied))
    const build = async (name: string, ...flags: string[]) => {
      const dir = join(work, name)
      const args = ['--model', String(copiedModelId), '--dataset', copiedDataset, '--budget', '10000', '--k', '3']
      const built = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, ...args, '--out', dir, ...flags])
      assert.equal(built.status, 0, built.stderr)
      const manifest = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'))
      const paid = (index: number) =>
        manifest.allocations.find((row: { account: string }) => row.account === localAccount(index).address)?.amount
      return { built, manifest, paid, summary: JSON.parse(built.stdout) }
    }
    const [alice, copy] = [rowFiles[0]?.bytes ?? '', copyFile.bytes].map((bytes) => sha256(bytes))

    const guarded = await build('copied-epoch')
    // Both of the copy's rows: the one changed character, and the one left as it was.
    assert.deepEqual(guarded.manifest.duplicates, [
      { row: 6, contentHash: copy, copyOfRow: 0, copyOfContentHash: alice },
      { row: 7, contentHash: copy, copyOfRow: 1, copyOfContentHash: alice },
    ])
    assert.equal(guarded.summary.duplicates, 2)
    assert.ok(guarded.built.stderr.includes(`2 rows of ${copy} copies ${alice}`), guarded.built.stderr)
    assert.equal(guarded.manifest.values[3], 0)
    assert.equal(guarded.paid(copyFile.by), undefined)
    // Alice keeps exactly the value she had before the copy was registered.
    const before = JSON.parse(readFileSync(join(work, 'rows-epoch', 'manifest.json'), 'utf8'))
    assert.deepEqual(guarded.manifest.values.slice(0, 3), before.values)
    const verified = await cli([
      'epoch',
      'verify',
      '--manifest',
      join(work, 'copied-epoch', 'manifest.json'),
      '--dataset',
      copiedDataset,
    ])
    assert.equal(verified.status, 0, verified.stderr)

    const unguarded = await build('copied-epoch-off', '--near-duplicates', 'off')
    assert.deepEqual(unguarded.manifest.duplicates, [])
    assert.equal(unguarded.manifest.method.nearDuplicates, null)
    assert.ok(unguarded.manifest.values[3] > 0)
    assert.ok(BigInt(unguarded.paid(copyFile.by) ?? 0) > 0n)

    const refused = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, '--near-duplicates', 'close'])
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /UsageError: --near-duplicates must be default, off or a squared distance/)
  })

  it("builds, publishes and verifies a usage epoch from a log the model's owner signed, and refuses anyone else's", async () => {
    const usageDataset = join(work, 'usage-dataset.json')
    writeFileSync(
      usageDataset,
      JSON.stringify({
        dimension: 64,
        train: texts.map(([text, label]) => ({ contentHash: sha256(text), text, label: labels[label] })),
      }),
    )
    const signedBy = async (index: number) => {
      const log: UsageLog = {
        format: USAGE_LOG_FORMAT,
        chainId: hardhat.id,
        registry: chain.deployment.registry,
        operator: localAccount(index).address,
        modelId,
        queries: [
          { text: 'a cat asleep on a cushion', answer: labels.cat, fee: '700' },
          { text: 'a dog chasing a frisbee', answer: labels.dog, fee: '300' },
          // No training text has label 2: no row supports this answer, so its fee is not paid out.
          { text: 'a parrot on a perch', answer: 2, fee: '50' },
        ],
      }
      const { signature } = await signUsageLog(clientOf(index), { log })
      const file = join(work, `usage-by-${index}.json`)
      writeFileSync(file, JSON.stringify({ log, signature }))
      return { file, log, signature }
    }
    const byOwner = await signedBy(0)
    const usageOut = join(work, 'usage-epoch')
    const args = [
      '--model',
      String(modelId),
      '--dataset',
      usageDataset,
      '--k',
      '1',
      '--previous',
      join(out, 'manifest.json'),
    ]
    const built = await cli([
      'epoch',
      'build',
      '--rpc',
      chain.rpcUrl,
      ...args,
      '--usage-log',
      byOwner.file,
      '--out',
      usageOut,
    ])
    assert.equal(built.status, 0, built.stderr)
    const summary = JSON.parse(built.stdout)
    assert.deepEqual(summary.usage, {
      queries: 3,
      feesCollected: '1050',
      unattributedFee: '50',
      unattributedQueries: [2],
    })
    assert.match(built.stderr, /3 queries paid 1050 units, 1000 of them to the training data\. 50 units from 1 query/)
    const manifest = JSON.parse(readFileSync(join(usageOut, 'manifest.json'), 'utf8'))
    assert.equal(manifest.method.name, 'knn-shapley-usage')
    assert.equal(manifest.inputs.usage.operator, localAccount(0).address)
    assert.equal(manifest.inputs.test, null)
    assert.equal(manifest.budget, '1000')
    assert.equal(
      manifest.allocations.reduce((sum: bigint, row: { amount: string }) => sum + BigInt(row.amount), 0n),
      1000n,
    )
    assert.deepEqual(JSON.parse(readFileSync(join(usageOut, 'usage.json'), 'utf8')), {
      log: byOwner.log,
      signature: byOwner.signature,
    })

    // The fees collected fund the epoch; once published, anyone can re-verify it from the files beside the manifest.
    await fund(1000n)
    const key = toHex(localAccount(1).getHdKey().privateKey as Uint8Array)
    const published = await cli(
      [
        'epoch',
        'publish',
        '--rpc',
        chain.rpcUrl,
        '--manifest',
        join(usageOut, 'manifest.json'),
        '--uri',
        'ipfs://usage',
      ],
      { ATTRIBUTOR_PRIVATE_KEY: key },
    )
    assert.equal(published.status, 0, published.stderr)
    const verify = ['epoch', 'verify', '--manifest', join(usageOut, 'manifest.json'), '--dataset', usageDataset]
    const previous = ['--previous', join(out, 'manifest.json')]
    const verified = await cli([
      ...verify,
      ...previous,
      '--usage-log',
      join(usageOut, 'usage.json'),
      '--rpc',
      chain.rpcUrl,
    ])
    assert.equal(verified.status, 0, verified.stderr)
    assert.deepEqual(JSON.parse(verified.stdout).usage, summary.usage)
    assert.match(verified.stderr, /the usage log's operator \(the model's owner\)/)
    const withoutLog = await cli([...verify, ...previous])
    assert.equal(withoutLog.status, 1)
    assert.match(withoutLog.stderr, /UsageError: .*usage-dataset\.json has no "test" set/)

    const byStranger = await signedBy(8)
    const refused = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, ...args, '--usage-log', byStranger.file])
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, new RegExp(`UsageLogSignatureError: .*signed by ${localAccount(8).address}`))
    const withBudget = await cli([
      'epoch',
      'build',
      '--rpc',
      chain.rpcUrl,
      ...args,
      '--usage-log',
      byOwner.file,
      '--budget',
      '10',
    ])
    assert.equal(withBudget.status, 1)
    assert.match(withBudget.stderr, /UsageError: --budget and --usage-log were both given/)
  })

  it("builds and verifies the span index of a model's training contributions, and refuses data that is not theirs", async () => {
    const indexOut = join(work, 'index-epoch')
    const buildIndex = (model: string, datasetFile: string) =>
      cli(['index', 'build', '--rpc', chain.rpcUrl, '--model', model, '--dataset', datasetFile])
    const args = ['--model', String(rowsModelId), '--dataset', rowsDataset, '--min-length', '16']
    const built = await cli(['index', 'build', '--rpc', chain.rpcUrl, ...args, '--out', indexOut])
    assert.equal(built.status, 0, built.stderr)
    const summary = JSON.parse(built.stdout)
    const bytes = rowFiles.reduce((sum, { bytes }) => sum + Buffer.byteLength(bytes), 0)
    assert.deepEqual(JSON.parse(readFileSync(join(indexOut, 'span-index.json'), 'utf8')), {
      format: 'attribution-ledger/span-index@1',
      hash: summary.indexHash,
      modelId: rowsModelId,
      documents: 3,
      bytes,
      minLength: 16,
    })
    assert.match(summary.indexHash, /^0x[0-9a-f]{64}$/)
    assert.ok(built.stderr.includes(summary.indexHash), built.stderr)

    const index = join(indexOut, 'span-index.bin')
    const verified = await cli(['index', 'verify', '--index', index, '--dataset', rowsDataset])
    assert.equal(verified.status, 0, verified.stderr)
    assert.deepEqual(JSON.parse(verified.stdout), { verified: true, indexHash: summary.indexHash, documents: 3 })
    // One suffix-array entry swapped with the next: the hash (which leaves the array out) still matches; the rebuild does not.
    const file = readFileSync(index)
    const last = file.length - 4
    const swapped = Buffer.concat([file.subarray(0, last - 4), file.subarray(last), file.subarray(last - 4, last)])
    writeFileSync(join(work, 'swapped.bin'), swapped)
    const refusedOrder = await cli(['index', 'verify', '--index', join(work, 'swapped.bin'), '--dataset', rowsDataset])
    assert.equal(refusedOrder.status, 1)
    assert.match(refusedOrder.stderr, /SpanIndexMismatchError: .*its suffix array is not in the order its text gives/)
    const otherModel = await cli(['index', 'verify', '--index', index, '--dataset', join(work, 'rows', 'copied.json')])
    assert.equal(otherModel.status, 1)
    assert.match(otherModel.stderr, /SpanIndexMismatchError: .*its hash is 0x[0-9a-f]{64}, and the contributions give/)

    // Contributions given as inline rows: the dataset does not hold their bytes.
    const inline = await buildIndex(String(modelId), dataset)
    assert.equal(inline.status, 1)
    assert.match(inline.stderr, /MissingContributionBytesError: .*gives contribution 0x[0-9a-f]{64} as rows/)
    // A file whose SHA-256 is not the content hash its entry names.
    const edited = JSON.parse(readFileSync(rowsDataset, 'utf8'))
    edited.train[1].file = 'bob-edited.csv'
    writeFileSync(join(work, 'rows', 'edited-index.json'), JSON.stringify(edited))
    const wrongBytes = await buildIndex(String(rowsModelId), join(work, 'rows', 'edited-index.json'))
    assert.equal(wrongBytes.status, 1)
    assert.match(
      wrongBytes.stderr,
      /DatasetFileError: .*bob-edited\.csv has SHA-256 0x[0-9a-f]{64}, not the content hash/,
    )
    // Registered contributions, but not this model's training set.
    const notTrained = await buildIndex(String(rowsModelId), join(work, 'rows', 'copied.json'))
    assert.equal(notTrained.status, 1)
    assert.match(notTrained.stderr, /EpochInputError: .*not model #\d+'s training set/)
    const badLength = await cli(['index', 'build', '--rpc', chain.rpcUrl, ...args.slice(0, 4), '--min-length', '0'])
    assert.equal(badLength.status, 1)
    assert.match(badLength.stderr, /UsageError: --min-length must be a whole number of bytes/)
  })

  it('builds and verifies a span-usage epoch that pays the contributions an answer quotes, and catches a changed output', async () => {
    const spanDataset = join(work, 'rows', 'span-dataset.json')
    const { test: _, ...withoutTest } = JSON.parse(readFileSync(rowsDataset, 'utf8'))
    writeFileSync(spanDataset, JSON.stringify(withoutTest))
    const signed = async (outputs: string[], name: string) => {
      const log: UsageLog = {
        format: USAGE_LOG_FORMAT,
        chainId: hardhat.id,
        registry: chain.deployment.registry,
        operator: localAccount(0).address,
        modelId: rowsModelId,
        queries: [
          { text: 'where is the spaniel?', answer: 0, fee: '900', output: outputs[0] as string },
          { text: 'what did the dog do?', answer: 0, fee: '100', output: outputs[1] as string },
        ],
      }
      const { signature } = await signUsageLog(clientOf(0), { log })
      const file = join(work, name)
      writeFileSync(file, JSON.stringify({ log, signature }))
      return file
    }
    // Carol's whole file, then words no contribution holds.
    const log = await signed(['It is a spaniel asleep in its basket, I think.', 'It barked twice.'], 'span-usage.json')
    const spanOut = join(work, 'span-epoch')
    const args = ['--model', String(rowsModelId), '--dataset', spanDataset, '--method', 'span', '--min-length', '16']
    const built = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, ...args, '--usage-log', log, '--out', spanOut])
    assert.equal(built.status, 0, built.stderr)
    assert.match(built.stderr, /✓ Tracing the queries' outputs/)
    assert.deepEqual(JSON.parse(built.stdout).usage, {
      queries: 2,
      feesCollected: '1000',
      unattributedFee: '100',
      unattributedQueries: [1],
    })
    const manifest = JSON.parse(readFileSync(join(spanOut, 'manifest.json'), 'utf8'))
    const index = JSON.parse(readFileSync(join(spanOut, 'span-index.json'), 'utf8'))
    assert.equal(manifest.method.name, 'span-usage')
    assert.equal(manifest.method.minLength, 16)
    assert.equal(manifest.method.indexHash, index.hash)
    assert.deepEqual(manifest.allocations, [{ account: localAccount(rowFiles[2]?.by ?? 0).address, amount: '900' }])

    const verify = ['epoch', 'verify', '--manifest', join(spanOut, 'manifest.json'), '--dataset', spanDataset]
    const verified = await cli([...verify, '--usage-log', join(spanOut, 'usage.json')])
    assert.equal(verified.status, 0, verified.stderr)
    const changed = await signed(['It is a dog digging in the garden, I think.', 'It barked twice.'], 'changed.json')
    const refused = await cli([...verify, '--usage-log', changed])
    assert.equal(refused.status, 1)
    assert.match(refused.stderr, /EpochMismatchError: .*inputs\.usage\.logHash/)

    const withoutLog = await cli(['epoch', 'build', '--rpc', chain.rpcUrl, ...args])
    assert.equal(withoutLog.status, 1)
    assert.match(withoutLog.stderr, /UsageError: --method span values a usage log/)
    const withRule = await cli([
      'epoch',
      'build',
      '--rpc',
      chain.rpcUrl,
      ...args,
      '--usage-log',
      log,
      '--near-duplicates',
      'off',
    ])
    assert.equal(withRule.status, 1)
    assert.match(withRule.stderr, /UsageError: --near-duplicates is for --method knn/)
  })

  it("serves a model's span index for <ledger-trace>, answering as traceSpans does", async () => {
    const indexOut = join(work, 'served-index')
    const args = ['--model', String(rowsModelId), '--dataset', rowsDataset, '--min-length', '16']
    const built = await cli(['index', 'build', '--rpc', chain.rpcUrl, ...args, '--out', indexOut])
    assert.equal(built.status, 0, built.stderr)
    const { indexHash } = JSON.parse(built.stdout)
    const file = join(indexOut, 'span-index.bin')

    const badPort = await cli(['index', 'serve', '--index', file, '--port', 'http'])
    assert.equal(badPort.status, 1)
    assert.match(badPort.stderr, /UsageError: --port must be a port number/)

    const served = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'index', 'serve', '--index', file, '--port', '0'],
      {
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    )
    try {
      const { url, documents } = await new Promise<{ url: string; documents: number }>((resolve, reject) => {
        let stdout = ''
        served.stdout.on('data', (chunk) => {
          stdout += chunk
          if (stdout.includes('\n')) resolve(JSON.parse(stdout.split('\n')[0] as string))
        })
        served.once('exit', (code) => reject(new Error(`index serve exited with ${code} before listening`)))
      })
      assert.equal(documents, rowFiles.length)
      assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/trace$/)

      const output = `Quoting: ${rowFiles[2]?.bytes.slice(0, 40)} and nothing else.`
      const answer = await fetch(url, { method: 'POST', body: JSON.stringify({ output, minLength: 16 }) })
      assert.equal(answer.status, 200)
      assert.equal(answer.headers.get('access-control-allow-origin'), '*')
      const index = spanIndexFromBytes(new Uint8Array(readFileSync(file)))
      assert.deepEqual(await answer.json(), { indexHash, spans: traceSpans(index, output, { minLength: 16 }) })
      assert.ok(traceSpans(index, output, { minLength: 16 }).length > 0, 'the output quotes a training file')

      const refused = await fetch(url, { method: 'POST', body: '{"text": "no output"}' })
      assert.equal(refused.status, 400)
      assert.match((await refused.json()).error.message, /"output" string/)
      assert.equal((await fetch(new URL('/elsewhere', url))).status, 404)
      // Requests that a fetch Request cannot even hold are answered, and the server stays up.
      const { hostname, port } = new URL(url)
      for (const raw of ['GET // HTTP/1.1', 'TRACE /trace HTTP/1.1']) {
        const reply = await rawRequest(hostname, Number(port), `${raw}\r\nHost: x\r\nConnection: close\r\n\r\n`)
        assert.match(reply, /^HTTP\/1\.1 4\d\d /, raw)
      }
      // A body past the handler's limit gets its 413, not a reset connection.
      const tooLarge = await fetch(url, { method: 'POST', body: JSON.stringify({ output: 'x'.repeat(300_000) }) })
      assert.equal(tooLarge.status, 413)
      assert.equal((await tooLarge.json()).error.name, 'TraceRequestError')
      assert.equal((await fetch(url, { method: 'POST', body: JSON.stringify({ output }) })).status, 200)
    } finally {
      served.kill()
    }
  })

  it('explains what is missing', async () => {
    const missing = await cli(['epoch', 'build'])
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /UsageError: --rpc is required/)
    assert.match((await cli(['epoch', 'publish', '--rpc', chain.rpcUrl])).stderr, /ATTRIBUTOR_PRIVATE_KEY/)
  })
})
