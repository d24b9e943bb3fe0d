import { css } from 'lit'

/** Tokens shared by the widgets that sit in a page's text (badge, trace), light and dark. Public `--ledger-*`, private `--_*`. */
export const textTokens = css`
  :host {
    --_accent: var(--ledger-accent, #4f46e5);
    --_font: var(--ledger-font, system-ui, sans-serif);
    --_surface: var(--ledger-surface, #f8fafc);
    --_text: var(--ledger-text, #0f172a);
    --_muted: var(--ledger-muted, #475569);
    --_danger: var(--ledger-danger, #b91c1c);
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
`
