import { css } from 'lit'
import { textTokens } from '../shared/textTokens.styles.js'

export const badgeStyles = [
  textTokens,
  css`
  :host {
    --_radius: var(--ledger-radius, 999px);
    display: inline-block;
    font: 0.875rem/1.4 var(--_font);
  }
  [part='badge'] {
    display: inline-flex;
    flex-wrap: wrap;
    align-items: center;
    gap: 0.375rem 0.625rem;
    padding: 0.25rem 0.75rem;
    border: 1px solid color-mix(in srgb, var(--_accent) 35%, transparent);
    border-radius: var(--_radius);
    background: var(--_surface);
  }
  :host([variant='expanded']) [part='badge'] {
    border-radius: calc(min(var(--_radius), 12px));
    padding: 0.75rem 1rem;
  }
  [part='icon'] {
    font-weight: 700;
    color: var(--_accent);
  }
  .problem [part='icon'] {
    color: var(--_danger);
  }
  [part='label'] {
    font-weight: 600;
  }
  .detail {
    color: var(--_muted);
  }
  button {
    font: inherit;
    color: var(--_accent);
    background: none;
    border: 1px solid currentColor;
    border-radius: 6px;
    padding: 0 0.375rem;
    cursor: pointer;
  }
  button:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
`,
]
