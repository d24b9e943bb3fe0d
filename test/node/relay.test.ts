import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { getTransactionCount } from 'viem/actions'
import { contributionRegistryAbi } from '../../src/abis/index.js'
import { getContributionByHash } from '../../src/actions/registry/getContributionByHash.js'
import { type SignedContribution, signContribution } from '../../src/actions/registry/signContribution.js'
import { createRelayHandler } from '../../src/relay/index.js'
import { actors, loadFixture, publicClient, registrationOf, walletOf, write } from '../contracts/fixture.js'

const post = (body: unknown) =>
  new Request('http://relay.test/contributions', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  })

describe('relay: gasless registration for contributors', () => {
  let clock = 1_000_000
  let relay: (request: Request) => Promise<Response>
  const sign = async (content: string, contributor = actors.alice, validFor?: number) =>
    signContribution(walletOf(contributor), {
      ...registrationOf(1, content),
      ...(validFor === undefined ? {} : { validFor }),
    })

  beforeEach(async () => {
    const ledger = await loadFixture()
    await write(actors.owner, {
      address: ledger.registry,
      abi: contributionRegistryAbi,
      functionName: 'createDatanet',
      args: ['data:,open', { curated: false, commitReveal: false }],
    })
    relay = createRelayHandler({
      walletClient: walletOf(actors.relayer),
      rateLimit: { requests: 3, windowMs: 60_000 },
      now: () => clock,
    })
  })

  it('submits a signed contribution, crediting the contributor and paying from the relayer', async () => {
    const signed = await sign('relayed')
    const response = await relay(post(signed))
    assert.equal(response.status, 200)
    const body = await response.json()
    assert.equal(body.status, 'submitted')
    assert.match(body.transactionHash, /^0x[0-9a-f]{64}$/)
    const contribution = await getContributionByHash(publicClient, { contentHash: signed.registration.contentHash })
    assert.equal(contribution?.contributor, actors.alice.address)
    assert.equal(response.headers.get('access-control-allow-origin'), '*')
  })

  it('answers the same signed registration with the same result and registers it once', async () => {
    const signed = await sign('sent twice')
    const nonceBefore = await getTransactionCount(publicClient, { address: actors.relayer.address })
    const [first, second] = await Promise.all([relay(post(signed)), relay(post(signed))])
    const third = await relay(post(signed))
    const answers = await Promise.all([first, second, third].map((r) => r.json()))
    assert.deepEqual(answers[1], answers[0])
    assert.deepEqual(answers[2], answers[0])
    assert.equal(await getTransactionCount(publicClient, { address: actors.relayer.address }), nonceBefore + 1)
  })

  it('sends concurrent contributions one after another, so the relayer nonces never collide', async () => {
    const signed = await Promise.all([sign('one', actors.alice), sign('two', actors.bob), sign('three', actors.carol)])
    const responses = await Promise.all(signed.map((s) => relay(post(s))))
    assert.deepEqual(
      responses.map((r) => r.status),
      [200, 200, 200],
    )
    for (const s of signed) {
      const contribution = await getContributionByHash(publicClient, { contentHash: s.registration.contentHash })
      assert.equal(contribution?.contributor, s.contributor)
    }
  })

  it('says a contribution is already registered when its contributor signs it again', async () => {
    const signed = await sign('registered before')
    await relay(post(signed))
    const again = await sign('registered before')
    const response = await relay(post(again))
    assert.equal(response.status, 200)
    assert.equal((await response.json()).status, 'already-registered')
  })

  it('refuses content someone else registered, naming them', async () => {
    await relay(post(await sign('contested', actors.bob)))
    const response = await relay(post(await sign('contested', actors.alice)))
    assert.equal(response.status, 409)
    const { error } = await response.json()
    assert.equal(error.name, 'ContributionAlreadyRegisteredError')
    assert.match(error.message, /already contributed by 0x15d3…6A65/)
  })

  it('refuses an expired signature with the reason', async () => {
    const response = await relay(post(await sign('expired', actors.alice, -10)))
    assert.equal(response.status, 422)
    assert.equal((await response.json()).error.name, 'SignatureExpiredError')
  })

  it('refuses malformed payloads, naming the fields', async () => {
    const signed = await sign('malformed')
    const broken = {
      ...signed,
      nonce: 'one',
      registration: { ...signed.registration, contentHash: '0x1234' },
      extra: true,
    }
    const response = await relay(post(broken))
    assert.equal(response.status, 400)
    const { error } = await response.json()
    assert.equal(error.name, 'RelayRequestError')
    const fields = error.issues.map((issue: { field: string }) => issue.field)
    assert.ok(fields.includes('nonce'))
    assert.ok(fields.includes('registration.contentHash'))
    assert.equal((await relay(post('{not json'))).status, 400)
  })

  it('refuses signatures for another registry or chain', async () => {
    const signed: SignedContribution = { ...(await sign('elsewhere')), chainId: 1 }
    const response = await relay(post(signed))
    assert.equal(response.status, 400)
    assert.match((await response.json()).error.message, /chain 31337/)
  })

  it('rate-limits each contributor, saying when to retry', async () => {
    for (const label of ['a', 'b', 'c']) assert.equal((await relay(post(await sign(label)))).status, 200)
    const limited = await relay(post(await sign('d')))
    assert.equal(limited.status, 429)
    assert.equal(limited.headers.get('retry-after'), '60')
    assert.equal((await relay(post(await sign('other', actors.bob)))).status, 200, 'other contributors are unaffected')
    clock += 60_001
    assert.equal((await relay(post(await sign('e')))).status, 200)
  })

  it('answers preflight and refuses other methods', async () => {
    assert.equal((await relay(new Request('http://relay.test/', { method: 'OPTIONS' }))).status, 204)
    const get = await relay(new Request('http://relay.test/'))
    assert.equal(get.status, 405)
    assert.equal(get.headers.get('allow'), 'POST, OPTIONS')
  })
})
