// attribution-ledger/passkey: contributor accounts controlled by passkeys. A separate entry point, so pages that never
// use a passkey never load the WebAuthn and P-256 code (~28 KB gzipped); widgets import it with `import()`.
export {
  type AddPasskeyErrorType,
  type AddPasskeyParameters,
  type AddPasskeyReturnType,
  addPasskey,
} from './addPasskey.js'
export {
  type CreatePasskeyAccountErrorType,
  type CreatePasskeyAccountParameters,
  type CreatePasskeyAccountReturnType,
  createPasskeyAccount,
  FIRST_ACCOUNT_SALT,
} from './createPasskeyAccount.js'
export {
  LastPasskeyError,
  PasskeyCancelledError,
  PasskeyNotFoundError,
  PasskeyOperationFailedError,
  PasskeysNotConfiguredError,
  PasskeyUnsupportedError,
} from './errors.js'
export {
  type FindPasskeyAccountErrorType,
  type FindPasskeyAccountParameters,
  type FindPasskeyAccountReturnType,
  findPasskeyAccount,
} from './findPasskeyAccount.js'
export {
  type GetPasskeySignersErrorType,
  type GetPasskeySignersParameters,
  type GetPasskeySignersReturnType,
  getPasskeySigners,
} from './getPasskeySigners.js'
export type { PasskeyContracts } from './passkeyDeployment.js'
export {
  type PasskeyCall,
  type PasskeyOperationGas,
  type PasskeyOperationRequest,
  type PreparePasskeyOperationErrorType,
  type PreparePasskeyOperationParameters,
  type PreparePasskeyOperationReturnType,
  preparePasskeyOperation,
} from './preparePasskeyOperation.js'
export {
  type RemovePasskeyErrorType,
  type RemovePasskeyParameters,
  type RemovePasskeyReturnType,
  removePasskey,
} from './removePasskey.js'
export {
  type PasskeyRelayResponse,
  type SendFromPasskeyAccountErrorType,
  type SendFromPasskeyAccountParameters,
  type SendFromPasskeyAccountReturnType,
  sendFromPasskeyAccount,
} from './sendFromPasskeyAccount.js'
export {
  type PasskeyAccount,
  type PasskeySignErrorType,
  PasskeyTransactionError,
  type ToPasskeyAccountErrorType,
  type ToPasskeyAccountParameters,
  type ToPasskeyAccountReturnType,
  toPasskeyAccount,
} from './toPasskeyAccount.js'
export { decodeUserHandle, encodeUserHandle, type PasskeyUserHandle } from './userHandle.js'
export {
  type WaitForPasskeyOperationErrorType,
  type WaitForPasskeyOperationParameters,
  type WaitForPasskeyOperationReturnType,
  waitForPasskeyOperation,
} from './waitForPasskeyOperation.js'
export type { PasskeyAssertion, PasskeyCredential } from './webAuthn.js'
export {
  type EncodeAccountSignatureParameters,
  type EncodePasskeySignerParameters,
  type EncodeWebAuthnSignatureParameters,
  encodeAccountSignature,
  encodePasskeySigner,
  encodeWebAuthnSignature,
  InvalidWebAuthnAssertionError,
} from './webAuthnSignature.js'
