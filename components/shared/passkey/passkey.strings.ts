import { shortHash } from '../../../src/format.js'

/**
 * What the passkey screens say. Plain words only: the people who use a passkey are rarely crypto-native, so these
 * screens never mention gas, nonces, signatures or transaction hashes (the "details" disclosures may).
 */
export const passkeyStrings = {
  passkeyContinue: 'Continue with a passkey',
  passkeyContinueHint: 'Face ID, Touch ID, Windows Hello or a security key. No wallet needed.',
  passkeyIntroHeading: 'Your contributor account',
  passkeyIntro:
    'This creates your contributor account on this device, protected by a passkey: you confirm with your fingerprint, face or screen lock. You do not need a wallet or any crypto, and the platform covers every cost.',
  passkeyCreate: 'Create my account',
  passkeyUseExisting: 'Use a passkey you already have',
  passkeyUseExistingHint: 'Already have an account from another device? Your passkey finds it.',
  passkeyBack: 'Back',
  passkeyName: 'Contributor account',
  passkeyCreating: 'Follow your device’s prompt to create your passkey…',
  passkeyFinding: 'Choose your passkey in your device’s prompt…',
  passkeyRestoring: 'Opening your contributor account…',
  passkeyConnected: (account: string) => `Your contributor account: ${shortHash(account)}`,
  passkeyYourAccount: (account: string) => `Your account, ${shortHash(account)}`,
  passkeySignOut: 'Sign out',
  passkeyAddDevice: 'Add another device',
  passkeyAddDeviceHint:
    'You will be asked twice: first to create a passkey on the other device (your browser offers a phone or a security key), then to confirm here.',
  passkeyAdding: 'Follow the prompts to add your other device…',
  passkeyAdded: 'Done: your other device can now open this account too.',
  passkeyDeviceBound:
    'This passkey stays on this device only. If you lose this device, you lose access to your account, unless you add another device.',
  passkeyAddedDeviceBound:
    'The passkey you just added stays on the device that made it. If you lose both devices, you lose access to your account, so add another one if you can.',
  passkeyRemoveDevice: 'Remove this device',
  passkeyChecking: 'Checking which devices open your account…',
  passkeyRemoveHeading: 'Remove this device from your account?',
  passkeyRemoveReview: (others: number) =>
    `This device’s passkey will no longer open your contributor account, here or anywhere your password manager keeps it. ${others === 1 ? 'Your other device still opens it' : `Your ${others} other devices still open it`}, and your contributions and rewards stay in your account. You confirm once with your passkey.`,
  passkeyRemoveConfirm: 'Yes, remove this device',
  passkeyRemoveKeep: 'Keep it',
  passkeyRemoveLast:
    'This is the only device that opens your account, so it cannot be removed: you would lose your account. Add another device first.',
  passkeyRemoving: 'Confirm with your passkey to remove this device…',
  passkeyRemoved: 'Done: this device no longer opens your contributor account. Open it with your other device.',
  passkeyAwaiting: 'Confirm with your passkey (fingerprint, face or screen lock)…',
  passkeyDetails: 'Technical details',
  passkeyDetailsAccount: 'Account address',
}

export type PasskeyStrings = typeof passkeyStrings
