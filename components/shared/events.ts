/** Fired when a widget fails in a way the page may want to know of (the widget also says so itself). */
export class LedgerErrorEvent extends Event {
  readonly error: Error
  constructor(error: Error) {
    super('ledger-error', { bubbles: true, composed: true })
    this.error = error
  }
}

declare global {
  interface GlobalEventHandlersEventMap {
    'ledger-error': LedgerErrorEvent
  }
}
