export { LedgerBadge } from './badge/badge.js'
export { type BadgeStrings, badgeStrings } from './badge/badge.strings.js'
export { LedgerClaimedEvent } from './claim/claim.events.js'
export { LedgerClaim } from './claim/claim.js'
export { type ClaimStrings, claimStrings } from './claim/claim.strings.js'
export { formatAmount, type TokenInfo } from './claim/tokenAmount.js'
export { LedgerContributedEvent } from './contribute/contribute.events.js'
export { LedgerContribute } from './contribute/contribute.js'
export { type ContributeStrings, contributeStrings } from './contribute/contribute.strings.js'
export { LedgerProvider } from './provider/provider.js'
export type { LedgerConfig } from './shared/config.js'
export { displayText } from './shared/displayText.js'
export { LedgerErrorEvent } from './shared/events.js'
export type { LedgerStrings } from './shared/strings.js'
export { type WalletStrings, walletStrings } from './shared/wallet/wallet.strings.js'
export {
  ChainChangedError,
  WalletConnectModuleUrlMissingError,
  WalletConnectSessionEndedError,
  WalletConnectUnavailableError,
  WalletNoAccountError,
} from './shared/wallet/walletErrors.js'
export { LedgerTrace } from './trace/trace.js'
export { type TraceStrings, traceStrings } from './trace/trace.strings.js'
