import type { Address } from 'viem'
import { formatDate, shortHash } from '../../src/format.js'

export const contributeStrings = {
  contributeTitle: 'Contribute',
  contributeIntro: 'Your contribution is fingerprinted in this browser and registered under your name.',
  contributeModeFile: 'File',
  contributeModeText: 'Text',
  contributeModeLabel: 'What to contribute',
  contributeDrop: 'Drop a file here, or',
  contributeChoose: 'Choose a file',
  contributeTextLabel: 'Text',
  contributeTextUse: 'Use this text',
  contributeHashing: (percent: number) => `Fingerprinting… ${percent}%`,
  contributeHashed: (name: string, size: string) => `${name} (${size})`,
  contributeChecking: 'Checking whether this was contributed before…',
  contributeDuplicate: (contributor: Address, when: Date) =>
    `Already contributed by ${shortHash(contributor)} on ${formatDate(when)}.`,
  contributeName: 'Name',
  contributeDescription: 'Description',
  contributeLicense: 'Licence',
  contributeLicenseOther: 'Other SPDX licence',
  contributeLicenseOtherLabel: 'SPDX identifier',
  contributeTags: 'Tags',
  contributeTagsHint: 'Separate tags with commas.',
  contributeOptional: '(optional)',
  contributeSummary: 'You are about to sign',
  contributeNetwork: 'Network',
  contributeContract: 'Contract',
  contributeDatanet: 'Datanet',
  contributeFingerprint: 'Fingerprint (SHA-256)',
  contributeCost: 'Network fee',
  contributeCostDirect: 'paid by you, in the network’s currency',
  contributeCostRelay: 'none: sent for you by the platform',
  contributeSubmit: 'Sign and register',
  contributeSubmitRelay: 'Sign (no fee)',
  contributeReady: 'Ready to sign.',
  contributeAwaitingWallet: 'Confirm in your wallet…',
  contributePending: 'Registering on-chain…',
  contributeConfirming: (confirmations: number, required: number) =>
    `In a block: ${confirmations} of ${required} confirmations…`,
  contributeReorged:
    'The network reorganised its latest blocks, so this registration is pending again. Waiting for it to be included…',
  contributeViewTransaction: 'View transaction',
  contributeTransaction: (hash: string) => `transaction ${shortHash(hash)}`,
  contributeConfirmed: 'Registered.',
  contributeId: 'Contribution id',
  contributeFailed: 'Not registered.',
  contributeRetry: 'Try again',
  contributeQueued: 'Saved on this device: it will be sent as soon as the connection is back. You can close this page.',
  contributeSendNow: 'Send now',
  contributePersistRefused:
    'This browser may clear it if it runs short of space, so keep this page open until it is sent, if you can.',
  contributeAnother: 'Contribute something else',
  contributeNotConfigured:
    'This widget has no chain to talk to: set rpc-url and chain-id, or wrap it in <ledger-provider>.',
}

export type ContributeStrings = typeof contributeStrings
