import assert from 'node:assert/strict'
import { beforeEach, describe, it } from 'node:test'
import { encodeFunctionData, type Hex } from 'viem'
import { passkeyAccountAbi } from '../../src/abis/index.js'
import { getPasskeySigners } from '../../src/passkey/getPasskeySigners.js'
import { createRelayHandler, type RelayHandler } from '../../src/relay/index.js'
import { createPasskey, type Passkey } from '../contracts/account.helpers.js'
import { actors, publicClient, walletOf } from '../contracts/fixture.js'
import { accountOf, freshLedger, passkeyOperation, post, signer } from './relayPasskey.helpers.js'

const sorted = (signers: readonly Hex[]) => [...signers].sort()
const call = (account: Hex, functionName: 'addSigner' | 'removeSigner', passkey: Passkey) => ({
  to: account,
  data: encodeFunctionData({ abi: passkeyAccountAbi, functionName, args: [signer(passkey)] }),
})

describe('getPasskeySigners: which passkeys sign for an account', () => {
  let relay: RelayHandler
  beforeEach(async () => {
    await freshLedger()
    relay = createRelayHandler({ walletClient: walletOf(actors.relayer), now: () => 1_000_000 })
  })

  async function send(passkey: Passkey, account: Hex, calls: ReturnType<typeof call>[], create = false) {
    const { request } = await passkeyOperation(passkey, account, calls, create ? { create: {} } : {})
    const response = await relay(post('/operations', request))
    assert.equal(response.status, 200, JSON.stringify(await response.clone().json()))
  }

  it('reads none for an account that does not exist yet', async () => {
    const account = await accountOf(createPasskey())
    assert.deepEqual(await getPasskeySigners(publicClient, { address: account }), [])
  })

  it('reads each passkey as the account stores it, and no longer one that was removed', async () => {
    const laptop = createPasskey()
    const phone = createPasskey()
    const account = await accountOf(laptop)
    await send(laptop, account, [call(account, 'addSigner', phone)], true)
    const both = await getPasskeySigners(publicClient, { address: account })
    assert.deepEqual(sorted(both), sorted([signer(laptop), signer(phone)]))
    assert.ok(
      both.every((value) => value === value.toLowerCase()),
      'lower case, as PasskeyAccount.signer',
    )

    await send(phone, account, [call(account, 'removeSigner', laptop)])
    assert.deepEqual(await getPasskeySigners(publicClient, { address: account }), [signer(phone)])
  })
})
