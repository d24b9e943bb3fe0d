import { css } from 'lit'

export const badgeStyles = css`
  :host {
    --_accent: var(--ledger-accent, #4f46e5);
    --_radius: var(--ledger-radius, 999px);
    --_font: var(--ledger-font, system-ui, sans-serif);
    --_surface: var(--ledger-surface, #f8fafc);
    --_text: var(--ledger-text, #0f172a);
    --_muted: var(--ledger-muted, #475569);
    --_danger: var(--ledger-danger, #b91c1c);
    display: inline-block;
    font: 0.875rem/1.4 var(--_font);
    color: var(--_text);
  }
  @media (prefers-color-scheme: dark) {
    :host {
      --_surface: var(--ledger-surface, #1e293b);
      --_text: var(--ledger-text, #f1f5f9);
      --_muted: var(--ledger-muted, #cbd5e1);
      --_accent: var(--ledger-accent, #a5b4fc);
      --_danger: var(--ledger-danger, #fca5a5);
    }
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
`
