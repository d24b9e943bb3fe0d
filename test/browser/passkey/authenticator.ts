// A real authenticator for tests: Chromium's virtual one, added through DevTools (scripts/lib/wtrWebAuthnPlugin.mjs).
import { executeServerCommand } from '@web/test-runner-commands'

/** A passkey as DevTools reports it, private key included: what a password manager syncs to a new device. */
export type VirtualCredential = {
  credentialId: string
  isResidentCredential: boolean
  rpId: string
  privateKey: string
  userHandle?: string
  signCount: number
}

export type VirtualAuthenticator = {
  id: string
  setUserVerified(isUserVerified: boolean): Promise<unknown>
  /** Makes its answers lie: the user-verification or presence flag cleared, or a signature that does not verify. */
  overrideResponses(bits: { isBadUV?: boolean; isBadUP?: boolean; isBogusSignature?: boolean }): Promise<unknown>
  credentials(): Promise<VirtualCredential[]>
  addCredential(credential: VirtualCredential): Promise<unknown>
  remove(): Promise<unknown>
}

/**
 * Adds a platform authenticator (like Touch ID or Windows Hello) to the test page. It answers every prompt itself:
 * with user verification unless `isUserVerified` is false; its passkeys are synced unless `backupEligible` is false.
 */
export async function addAuthenticator(
  options: { isUserVerified?: boolean; backupEligible?: boolean } = {},
): Promise<VirtualAuthenticator> {
  const { authenticatorId: id } = (await executeServerCommand('webauthn-add-authenticator', options)) as {
    authenticatorId: string
  }
  return {
    id,
    setUserVerified: (isUserVerified) =>
      executeServerCommand('webauthn-set-user-verified', { authenticatorId: id, isUserVerified }),
    overrideResponses: (bits) =>
      executeServerCommand('webauthn-set-response-override-bits', { authenticatorId: id, ...bits }),
    credentials: async () =>
      (await executeServerCommand('webauthn-get-credentials', { authenticatorId: id })) as VirtualCredential[],
    addCredential: (credential) => executeServerCommand('webauthn-add-credential', { authenticatorId: id, credential }),
    remove: () => executeServerCommand('webauthn-remove-authenticator', { authenticatorId: id }),
  }
}

/** Gives each test a fresh authenticator (a new device with no passkeys), removed after the test. */
export function withAuthenticator(options: { isUserVerified?: boolean; backupEligible?: boolean } = {}) {
  const state = {} as { authenticator: VirtualAuthenticator }
  beforeEach(async () => {
    state.authenticator = await addAuthenticator(options)
  })
  afterEach(async () => {
    await state.authenticator.remove()
  })
  return state
}
