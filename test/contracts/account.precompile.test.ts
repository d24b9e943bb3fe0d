import { describe } from 'node:test'
import { passkeyAccountBehaviour } from './account.behaviour.js'

describe('PasskeyAccount on a chain with the P-256 precompile (RIP-7212)', () => {
  passkeyAccountBehaviour({ p256Precompile: true })
})
