import type { BadgeStrings } from '../badge/badge.strings.js'
import type { ClaimStrings } from '../claim/claim.strings.js'
import type { ContributeStrings } from '../contribute/contribute.strings.js'
import type { TraceStrings } from '../trace/trace.strings.js'
import type { WalletStrings } from './wallet/wallet.strings.js'

/**
 * Every piece of text the widgets show, so a page can translate or reword any of it: set `.strings` on an element or
 * on a `<ledger-provider>`. Keys are unique across widgets, so one object serves them all.
 */
export type LedgerStrings = BadgeStrings & ClaimStrings & ContributeStrings & TraceStrings & WalletStrings
