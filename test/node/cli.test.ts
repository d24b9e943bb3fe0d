import assert from 'node:assert/strict'
import { execFile } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
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

/** Runs the CLI as an operator would, asynchronously: the chain it talks to is served from this process. */
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
  let modelId: number

  before(async () => {
    chain = await startLocalChain({ port: 0, deploymentFile: join(work, 'deployment.json') })
    const clientOf = (index: number) =>
      createClient({ chain: hardhat, transport: http(chain.rpcUrl), account: localAccount(index), pollingInterval: 50 })
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
    await owner.request({ method: 'hardhat_mine' as never, params: ['0x1'] as never })
    const { waitForTransactionReceipt, writeContract } = await import('viem/actions')
    await waitForTransactionReceipt(owner, {
      hash: await writeContract(owner, {
        address: chain.deployment.rewardToken,
        abi: ledgerRewardTokenAbi,
        functionName: 'mint',
        args: [localAccount(0).address, 10_000n],
        chain: hardhat,
        account: localAccount(0),
      }),
    })
    await waitForTransactionReceipt(owner, { hash: await fundRewards(owner, { amount: 10_000n }) })
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

  it('explains what is missing', async () => {
    const missing = await cli(['epoch', 'build'])
    assert.equal(missing.status, 1)
    assert.match(missing.stderr, /UsageError: --rpc is required/)
    assert.match((await cli(['epoch', 'publish', '--rpc', chain.rpcUrl])).stderr, /ATTRIBUTOR_PRIVATE_KEY/)
  })
})
