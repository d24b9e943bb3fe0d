import { describe } from 'node:test'
import { passkeyAccountBehaviour } from './account.behaviour.js'

describe('PasskeyAccount on a chain without the P-256 precompile (Solidity fallback)', () => {
  passkeyAccountBehaviour({ p256Precompile: false })
})
