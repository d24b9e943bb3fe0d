import { css } from 'lit'
import { textTokens } from '../shared/textTokens.styles.js'

export const traceStyles = [
  textTokens,
  css`
  :host {
    --_radius: var(--ledger-radius, 12px);
    display: block;
    padding: 0.75rem 1rem;
    border-radius: var(--_radius);
    background: var(--_surface);
    font: 0.9375rem/1.6 var(--_font);
  }
  p,
  h3,
  ul {
    margin: 0 0 0.5rem;
  }
  :last-child {
    margin-bottom: 0;
  }
  [part='output'] {
    white-space: pre-wrap;
    overflow-wrap: anywhere;
  }
  /* Underlined as well as shaded, so a traced passage shows without colour. */
  [part~='span'] {
    background: color-mix(in srgb, var(--_accent) 16%, transparent);
    text-decoration: underline 2px var(--_accent);
    text-underline-offset: 0.2em;
    border-radius: 3px;
    cursor: pointer;
  }
  [part~='span'][aria-expanded='true'] {
    text-decoration-style: double;
    outline: 1px solid var(--_accent);
  }
  [part~='span']:focus-visible,
  button:focus-visible,
  h3:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 2px;
  }
  [part='status'],
  .detail {
    color: var(--_muted);
    font-size: 0.875rem;
  }
  [part='status'].problem {
    color: var(--_danger);
  }
  [part='sources'] {
    padding: 0.75rem 1rem;
    border: 1px solid color-mix(in srgb, var(--_accent) 35%, transparent);
    border-radius: var(--_radius);
  }
  h3 {
    font-size: 0.9375rem;
  }
  ul {
    display: grid;
    gap: 0.375rem;
    padding: 0;
    list-style: none;
  }
  button {
    font: inherit;
    color: var(--_accent);
    background: none;
    border: 1px solid currentColor;
    border-radius: 6px;
    padding: 0 0.5rem;
    cursor: pointer;
  }
`,
]
