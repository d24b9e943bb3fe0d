import { type LedgerDeployment, resolveDeployment } from '../chains.js'
import { PasskeysNotConfiguredError } from './errors.js'

/** The passkey contracts of a deployment, which a chain has where the platform turned passkeys on. */
export type PasskeyContracts = Required<Pick<LedgerDeployment, 'accountFactory' | 'webAuthnVerifier' | 'entryPoint'>>

/** The deployment an action uses (see `resolveDeployment`), which must have its passkey contracts. */
export function resolvePasskeyDeployment(
  client: { chain?: { id: number } | undefined },
  deployment?: LedgerDeployment,
): LedgerDeployment & PasskeyContracts {
  const resolved = resolveDeployment(client, deployment)
  const { accountFactory, webAuthnVerifier, entryPoint } = resolved
  if (!accountFactory || !webAuthnVerifier || !entryPoint) {
    const missing = Object.entries({ accountFactory, webAuthnVerifier, entryPoint })
      .filter(([, address]) => !address)
      .map(([name]) => name)
    throw new PasskeysNotConfiguredError(resolved.chainId, missing)
  }
  return { ...resolved, accountFactory, webAuthnVerifier, entryPoint }
}
