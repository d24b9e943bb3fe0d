/**
 * web-test-runner commands that give the test page a real authenticator: Chromium's virtual one, through DevTools'
 * `WebAuthn` domain. Passkeys are created and used through `navigator.credentials` exactly as on a phone or a laptop;
 * only the prompt is answered by the authenticator itself.
 *
 * - `webauthn-add-authenticator` `{ isUserVerified?, backupEligible? }`: adds a platform authenticator (CTAP 2,
 *   internal transport, resident keys, user verification) and returns its `authenticatorId`. `isUserVerified: false`
 *   makes it fail the user-verification step (a wrong fingerprint); `backupEligible: false` makes its passkeys
 *   device-bound (not synced), `true` (default) synced.
 * - `webauthn-set-user-verified` `{ authenticatorId, isUserVerified }`.
 * - `webauthn-set-response-override-bits` `{ authenticatorId, isBadUV?, isBadUP?, isBogusSignature? }`: makes its answers
 *   lie (user verification or presence flag cleared, or a signature that does not verify), as a faulty or hostile
 *   authenticator would, for the contract to refuse.
 * - `webauthn-get-credentials` `{ authenticatorId }`: the passkeys it holds, private keys included, so a test can
 *   copy one to another authenticator (a passkey synced to a new device).
 * - `webauthn-add-credential` `{ authenticatorId, credential }`: puts such a passkey on an authenticator.
 * - `webauthn-remove-authenticator` `{ authenticatorId }`.
 */
export function webAuthnPlugin() {
  // Chromium drops a virtual authenticator when the DevTools session that added it detaches, so each test session's
  // stays open while it has authenticators.
  const sessions = new Map()

  async function cdpFor(session) {
    let entry = sessions.get(session.id)
    if (!entry) {
      if (session.browser.type !== 'puppeteer') {
        throw new Error(`the WebAuthn commands need Chromium through puppeteer, not ${session.browser.type}`)
      }
      const cdp = await session.browser.getPage(session.id).createCDPSession()
      // No browser UI: the virtual authenticator answers every prompt.
      await cdp.send('WebAuthn.enable', { enableUI: false })
      entry = { cdp, authenticators: new Set() }
      sessions.set(session.id, entry)
    }
    return entry
  }

  const commands = {
    async 'webauthn-add-authenticator'(entry, { isUserVerified = true, backupEligible = true } = {}) {
      const { authenticatorId } = await entry.cdp.send('WebAuthn.addVirtualAuthenticator', {
        options: {
          protocol: 'ctap2',
          transport: 'internal',
          hasResidentKey: true,
          hasUserVerification: true,
          isUserVerified,
          automaticPresenceSimulation: true,
          defaultBackupEligibility: backupEligible,
          defaultBackupState: backupEligible,
        },
      })
      entry.authenticators.add(authenticatorId)
      return { authenticatorId }
    },
    async 'webauthn-set-user-verified'(entry, { authenticatorId, isUserVerified }) {
      await entry.cdp.send('WebAuthn.setUserVerified', { authenticatorId, isUserVerified })
      return true
    },
    async 'webauthn-set-response-override-bits'(entry, { authenticatorId, ...bits }) {
      await entry.cdp.send('WebAuthn.setResponseOverrideBits', { authenticatorId, ...bits })
      return true
    },
    async 'webauthn-get-credentials'(entry, { authenticatorId }) {
      const { credentials } = await entry.cdp.send('WebAuthn.getCredentials', { authenticatorId })
      return credentials
    },
    async 'webauthn-add-credential'(entry, { authenticatorId, credential }) {
      await entry.cdp.send('WebAuthn.addCredential', { authenticatorId, credential })
      return true
    },
    async 'webauthn-remove-authenticator'(entry, { authenticatorId }) {
      await entry.cdp.send('WebAuthn.removeVirtualAuthenticator', { authenticatorId })
      entry.authenticators.delete(authenticatorId)
      return true
    },
  }

  return {
    name: 'webauthn',
    async executeCommand({ command, payload, session }) {
      const run = commands[command]
      if (!run) return undefined
      const entry = await cdpFor(session)
      const result = await run(entry, payload)
      if (entry.authenticators.size === 0) {
        sessions.delete(session.id)
        await entry.cdp.send('WebAuthn.disable')
        await entry.cdp.detach()
      }
      return result
    },
  }
}
