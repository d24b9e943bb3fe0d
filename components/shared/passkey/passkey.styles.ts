import { css } from 'lit'

/** The passkey choice, its first-use explanation and the signed-in account, in the writing widgets. */
export const passkeyStyles = css`
  [part~='passkey'] {
    display: grid;
    gap: 0.625rem;
    padding: 0.875rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_field);
  }
  [part~='passkey'] p {
    margin: 0;
  }
  [part~='passkey-button'] {
    justify-self: start;
  }
  [part~='passkey'] .error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875rem;
    font-weight: 500;
  }
  .warning {
    display: flex;
    gap: 0.5rem;
    margin: 0;
    padding: 0.625rem 0.75rem;
    border-left: 3px solid var(--_danger);
    font-size: 0.875rem;
  }
  .warning .symbol {
    color: var(--_danger);
    font-weight: 700;
  }
  details {
    font-size: 0.8125rem;
    color: var(--_muted);
  }
  details summary {
    cursor: pointer;
    width: fit-content;
  }
  details summary:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  details dl {
    margin: 0.5rem 0 0;
  }
  details dd {
    margin: 0 0 0.25rem;
    font-family: ui-monospace, 'SF Mono', Menlo, monospace;
    overflow-wrap: anywhere;
  }
`
