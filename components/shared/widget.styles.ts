import { css } from 'lit'

/** Tokens and controls shared by the card-shaped widgets (contribute, claim). Public `--ledger-*`, private `--_*`. */
export const widgetStyles = css`
  :host {
    --_accent: var(--ledger-accent, #4f46e5);
    --_on-accent: var(--ledger-on-accent, #ffffff);
    --_radius: var(--ledger-radius, 12px);
    --_font: var(--ledger-font, system-ui, -apple-system, 'Segoe UI', sans-serif);
    --_surface: var(--ledger-surface, #ffffff);
    --_text: var(--ledger-text, #0f172a);
    --_muted: var(--ledger-muted, #475569);
    --_border: var(--ledger-border, #e2e8f0);
    --_field: var(--ledger-field, #f8fafc);
    --_danger: var(--ledger-danger, #b91c1c);
    --_success: var(--ledger-success, #047857);
    display: block;
    max-width: 34rem;
    font: 0.9375rem/1.5 var(--_font);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_accent: var(--ledger-accent, #818cf8);
      --_on-accent: var(--ledger-on-accent, #0b1020);
      --_surface: var(--ledger-surface, #0f172a);
      --_text: var(--ledger-text, #f1f5f9);
      --_muted: var(--ledger-muted, #cbd5e1);
      --_border: var(--ledger-border, #334155);
      --_field: var(--ledger-field, #1e293b);
      --_danger: var(--ledger-danger, #fca5a5);
      --_success: var(--ledger-success, #6ee7b7);
    }
  }
  [part~='card'] {
    display: grid;
    gap: 1rem;
    padding: 1.25rem;
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    background: var(--_surface);
    box-shadow: 0 1px 2px rgb(15 23 42 / 0.06), 0 4px 16px rgb(15 23 42 / 0.06);
  }
  h2 {
    margin: 0;
    font-size: 1.0625rem;
    font-weight: 650;
  }
  .hint {
    margin: 0;
    color: var(--_muted);
    font-size: 0.875rem;
  }
  button {
    font: inherit;
    font-weight: 600;
    min-height: 2.5rem;
    padding: 0.5rem 1rem;
    border-radius: calc(var(--_radius) * 0.66);
    border: 1px solid var(--_border);
    background: var(--_field);
    color: var(--_text);
    cursor: pointer;
  }
  button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_on-accent);
  }
  button:disabled {
    opacity: 0.55;
    cursor: not-allowed;
  }
  button:focus-visible,
  input:focus-visible,
  textarea:focus-visible,
  select:focus-visible,
  a:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  a {
    color: var(--_accent);
  }
  fieldset {
    margin: 0;
    padding: 0;
    border: 0;
    display: grid;
    gap: 0.5rem;
  }
  legend {
    padding: 0 0 0.25rem;
    font-weight: 600;
  }
  .wallets .wallet {
    display: flex;
    align-items: center;
    gap: 0.625rem;
    text-align: start;
  }
  .wallet img {
    border-radius: 4px;
  }
  [role='status'] {
    display: flex;
    gap: 0.5rem;
    align-items: baseline;
    padding: 0.625rem 0.75rem;
    border-radius: calc(var(--_radius) * 0.66);
    background: var(--_field);
    overflow-wrap: anywhere;
  }
  [role='status']:empty {
    display: none;
  }
  [role='status'] .symbol {
    font-weight: 700;
  }
  [role='status'].failed .symbol {
    color: var(--_danger);
  }
  [role='status'].confirmed .symbol {
    color: var(--_success);
  }
  dl.summary {
    display: grid;
    grid-template-columns: max-content 1fr;
    gap: 0.25rem 1rem;
    margin: 0;
    font-size: 0.875rem;
  }
  dl.summary dt {
    color: var(--_muted);
  }
  dl.summary dd {
    margin: 0;
    overflow-wrap: anywhere;
  }
  dl.summary dd.mono {
    font-family: ui-monospace, 'SF Mono', Menlo, monospace;
    font-size: 0.8125rem;
  }
  .actions {
    display: flex;
    flex-wrap: wrap;
    gap: 0.5rem;
  }
  .visually-hidden {
    position: absolute;
    width: 1px;
    height: 1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    white-space: nowrap;
  }
  h3 {
    margin: 0 0 0.5rem;
    font-size: 0.875rem;
    font-weight: 600;
  }
  [part='summary'] {
    padding: 0.875rem;
    border-radius: calc(var(--_radius) * 0.66);
    border: 1px solid var(--_border);
  }
  .connected {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0;
    font-size: 0.875rem;
  }
  button.link {
    min-height: auto;
    padding: 0;
    border: 0;
    background: none;
    color: var(--_accent);
    text-decoration: underline;
  }
`
