import { css } from 'lit'
/** What only the claim widget needs, over the shared `widgetStyles`. */
export const claimStyles = css`
  header {
    display: flex;
    flex-wrap: wrap;
    align-items: baseline;
    justify-content: space-between;
    gap: 0.25rem 0.75rem;
  }
  .for {
    padding: 0.125rem 0.5rem;
    border-radius: 999px;
    background: var(--_field);
    border: 1px solid var(--_border);
    color: var(--_muted);
    font: 0.8125rem/1.5 ui-monospace, 'SF Mono', Menlo, monospace;
  }
  .amounts {
    display: grid;
    grid-template-columns: 1fr 1fr;
    gap: 0.75rem 1rem;
    margin: 0;
  }
  .amounts div {
    display: grid;
    gap: 0.125rem;
  }
  .amounts .main {
    grid-column: 1 / -1;
  }
  .amounts dt {
    color: var(--_muted);
    font-size: 0.8125rem;
  }
  .amounts dd {
    margin: 0;
    font-weight: 600;
    font-variant-numeric: tabular-nums;
    overflow-wrap: anywhere;
  }
  .amounts .main dd {
    font-size: 2rem;
    line-height: 1.15;
    font-weight: 700;
    letter-spacing: -0.02em;
  }
  .history {
    display: grid;
    gap: 0.5rem;
    margin: 0;
    padding: 0.75rem 0.75rem 0.25rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
  }
  .history figcaption {
    font-size: 0.8125rem;
    font-weight: 600;
    color: var(--_muted);
  }
  .history svg {
    display: block;
    width: 100%;
    height: auto;
  }
  .history .bar {
    fill: var(--_accent);
  }
  .history .axis {
    stroke: var(--_border);
    stroke-width: 1;
  }
  .history text {
    fill: var(--_muted);
    font: 600 11px/1 var(--_font);
    text-anchor: middle;
    font-variant-numeric: tabular-nums;
  }
  .you {
    font-family: var(--_font);
    color: var(--_muted);
  }
  .actions button {
    flex: 1;
  }
  [role='status'].ready .symbol {
    color: var(--_accent);
  }
  [role='status'] .hash {
    font-family: ui-monospace, 'SF Mono', Menlo, monospace;
  }
  [part~='send'] {
    display: grid;
    gap: 0.75rem;
    padding: 0.875rem;
    border-radius: calc(var(--_radius) * 0.66);
    border: 1px solid var(--_border);
  }
  [part~='send'] h3 {
    margin: 0;
  }
  .field {
    display: grid;
    gap: 0.375rem;
  }
  label {
    font-weight: 600;
    font-size: 0.875rem;
  }
  input[type='text'] {
    font: inherit;
    color: var(--_text);
    background: var(--_field);
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
    padding: 0.5rem 0.75rem;
    min-height: 2.5rem;
    box-sizing: border-box;
    width: 100%;
  }
  input:focus-visible {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875rem;
    font-weight: 500;
  }
`
