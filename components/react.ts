/**
 * React components for the elements (`attribution-ledger/components/react`). Importing this registers the tags.
 * Props set the elements' properties (`contentHash`, `client`), and `onLedger…` props listen to their `ledger-*` events.
 *
 * @example
 * import { LedgerBadge, LedgerContribute } from 'attribution-ledger/components/react'
 * <LedgerBadge contentHash={hash} client={client} variant="expanded" />
 * <LedgerContribute datanetId={1} onLedgerContributed={(event) => console.log(event.contentHash)} />
 */
import { createComponent, type EventName } from '@lit/react'
import * as React from 'react'
import { LedgerBadge as LedgerBadgeElement } from './badge/badge.js'
import './badge/define.js'
import type { LedgerClaimedEvent } from './claim/claim.events.js'
import { LedgerClaim as LedgerClaimElement } from './claim/claim.js'
import './claim/define.js'
import type { LedgerContributedEvent } from './contribute/contribute.events.js'
import { LedgerContribute as LedgerContributeElement } from './contribute/contribute.js'
import './contribute/define.js'
import './provider/define.js'
import { LedgerProvider as LedgerProviderElement } from './provider/provider.js'
import type { LedgerErrorEvent } from './shared/events.js'
import './trace/define.js'
import { LedgerTrace as LedgerTraceElement } from './trace/trace.js'

const onLedgerError = 'ledger-error' as EventName<LedgerErrorEvent>

export const LedgerBadge = createComponent({
  react: React,
  tagName: 'ledger-badge',
  elementClass: LedgerBadgeElement,
  displayName: 'LedgerBadge',
})

export const LedgerClaim = createComponent({
  react: React,
  tagName: 'ledger-claim',
  elementClass: LedgerClaimElement,
  displayName: 'LedgerClaim',
  events: { onLedgerClaimed: 'ledger-claimed' as EventName<LedgerClaimedEvent>, onLedgerError },
})

export const LedgerContribute = createComponent({
  react: React,
  tagName: 'ledger-contribute',
  elementClass: LedgerContributeElement,
  displayName: 'LedgerContribute',
  events: { onLedgerContributed: 'ledger-contributed' as EventName<LedgerContributedEvent>, onLedgerError },
})

/** Configures every widget inside it (`rpcUrl`, `chainId`, `client`, `relayUrl`…), as `<ledger-provider>` does. */
export const LedgerProvider = createComponent({
  react: React,
  tagName: 'ledger-provider',
  elementClass: LedgerProviderElement,
  displayName: 'LedgerProvider',
})

/** A model's output with the passages found verbatim in the training data highlighted, as `<ledger-trace>` does. */
export const LedgerTrace = createComponent({
  react: React,
  tagName: 'ledger-trace',
  elementClass: LedgerTraceElement,
  displayName: 'LedgerTrace',
})
