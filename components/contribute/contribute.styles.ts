import { css } from 'lit'
export const contributeStyles = css`
  header {
    display: grid;
    gap: 0.25rem;
  }
  .modes {
    display: inline-flex;
    grid-auto-flow: column;
    gap: 0;
    justify-self: start;
    padding: 0.1875rem;
    border-radius: calc(var(--_radius) * 0.75);
    background: var(--_field);
    border: 1px solid var(--_border);
  }
  .mode {
    display: inline-flex;
    align-items: center;
    padding: 0.3125rem 0.875rem;
    border-radius: calc(var(--_radius) * 0.5);
    font-weight: 600;
    font-size: 0.875rem;
    color: var(--_muted);
    cursor: pointer;
  }
  .mode:has(input:checked) {
    background: var(--_surface);
    color: var(--_text);
    box-shadow: 0 1px 2px rgb(15 23 42 / 0.12);
  }
  .mode:has(input:focus-visible) {
    outline: 2px solid var(--_accent);
    outline-offset: 1px;
  }
  .mode input {
    position: absolute;
    opacity: 0;
    pointer-events: none;
  }
  .dropzone {
    display: flex;
    flex-wrap: wrap;
    align-items: center;
    justify-content: center;
    gap: 0.75rem;
    padding: 1.75rem 1rem;
    border: 2px dashed var(--_border);
    border-radius: var(--_radius);
    color: var(--_muted);
    background: var(--_field);
    text-align: center;
  }
  .dropzone.dragging {
    border-color: var(--_accent);
    background: color-mix(in srgb, var(--_accent) 8%, var(--_field));
  }
  .field {
    display: grid;
    gap: 0.375rem;
  }
  label {
    font-weight: 600;
    font-size: 0.875rem;
  }
  label .hint {
    font-weight: 400;
  }
  input:not([type]),
  input[type='text'],
  textarea,
  select {
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
  textarea {
    resize: vertical;
  }
  [aria-invalid='true'] {
    border-color: var(--_danger);
  }
  .metadata {
    gap: 0.875rem;
  }
  .error {
    margin: 0;
    color: var(--_danger);
    font-size: 0.875rem;
    font-weight: 500;
  }
  .progress {
    display: grid;
    gap: 0.375rem;
  }
  progress {
    width: 100%;
    height: 0.5rem;
    appearance: none;
    border: 0;
    border-radius: 999px;
    overflow: hidden;
    background: var(--_field);
  }
  progress::-webkit-progress-bar {
    background: var(--_field);
  }
  progress::-webkit-progress-value {
    background: var(--_accent);
    border-radius: 999px;
  }
  .file {
    display: flex;
    flex-wrap: wrap;
    justify-content: space-between;
    gap: 0.5rem;
    margin: 0;
    padding: 0.625rem 0.75rem;
    border: 1px solid var(--_border);
    border-radius: calc(var(--_radius) * 0.66);
  }
  .file .name {
    font-weight: 600;
    overflow-wrap: anywhere;
  }
  code {
    font-family: ui-monospace, 'SF Mono', Menlo, monospace;
    font-size: 0.8125rem;
    overflow-wrap: anywhere;
  }
  button[part='submit'],
  .actions .primary {
    flex: 1;
  }
`
