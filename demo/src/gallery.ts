/** The dataset gallery: every contribution as a card with its provenance badge, filtered by datanet or text. */

import { displayText } from 'attribution-ledger/components'
import { html, nothing, render } from 'lit'
import { repeat } from 'lit/directives/repeat.js'
import { type ContributionEntry, datanetName, loadContributions } from './api.js'
import { messageOf, type Page, startPage } from './page.js'

const ALL = 0
const EXCERPT_LENGTH = 320

/** The contribution a link points at (/gallery.html#<content hash>), such as one the Attribution page paid. */
const linkedHash = () => decodeURIComponent(location.hash.slice(1)).toLowerCase()

/** Only the demo server's own content URLs are loaded, whatever the list says. */
const contentUrl = (entry: ContributionEntry) => (entry.url?.startsWith('/content/') ? entry.url : undefined)

function start({ config }: Page, root: HTMLElement) {
  let entries: ContributionEntry[] = []
  let datanet = ALL
  let query = ''
  // Text previews by URL, fetched once each: null while loading, '' when the text could not be read.
  const excerpts = new Map<string, string | null>()

  const loadExcerpts = () => {
    for (const entry of entries) {
      const url = contentUrl(entry)
      if (!url || !entry.mediaType.startsWith('text/') || excerpts.has(url)) continue
      excerpts.set(url, null)
      fetch(url)
        .then((response) => (response.ok ? response.text() : ''))
        .catch(() => '')
        .then((text) => {
          excerpts.set(url, displayText(text.replace(/\s+/g, ' '), EXCERPT_LENGTH))
          update()
        })
    }
  }

  const preview = (entry: ContributionEntry, name: string) => {
    const url = contentUrl(entry)
    if (url && entry.mediaType.startsWith('image/')) {
      return html`<img src=${url} alt=${name} loading="lazy" />`
    }
    const excerpt = url ? excerpts.get(url) : ''
    if (excerpt) return html`<p class="excerpt">${excerpt}</p>`
    const placeholder = excerpt === null ? 'Loading…' : `${displayText(entry.mediaType, 60)} · no preview`
    return html`<span class="placeholder">${placeholder}</span>`
  }

  const card = (entry: ContributionEntry) => {
    const name = displayText(entry.name, 80, 'Untitled contribution')
    const tags = entry.tags.map((tag) => displayText(tag, 32)).filter(Boolean)
    return html`<li>
      <article class=${entry.contentHash === linkedHash() ? 'item linked' : 'item'} id=${entry.contentHash}>
        <div class=${entry.mediaType.startsWith('image/') ? 'preview image' : 'preview'}>${preview(entry, name)}</div>
        <div class="body">
          <h2>${name}</h2>
          <p class="meta">${displayText(datanetName(config, entry.datanetId), 60)} · ${displayText(entry.mediaType, 60)}</p>
          ${tags.length ? html`<ul class="tag-list" aria-label="Tags">${tags.map((tag) => html`<li>${tag}</li>`)}</ul>` : nothing}
          <ledger-badge variant="expanded" content-hash=${entry.contentHash}></ledger-badge>
        </div>
      </article>
    </li>`
  }

  // The link arrives before the cards exist, so the browser cannot scroll to it by itself.
  const showLinked = () => {
    update()
    const hash = linkedHash()
    if (hash) document.getElementById(hash)?.scrollIntoView({ block: 'center' })
  }

  const matches = (entry: ContributionEntry) => {
    if (datanet !== ALL && entry.datanetId !== datanet) return false
    const words = query.toLowerCase().split(/\s+/).filter(Boolean)
    const haystack = [entry.name, ...entry.tags].join(' ').toLowerCase()
    return words.every((word) => haystack.includes(word))
  }

  const update = () => {
    const shown = entries.filter(matches)
    const choices = [{ id: ALL, name: 'All datasets' }, ...config.datanets]
    render(
      html`<fieldset class="filters">
          <legend class="visually-hidden">Dataset</legend>
          ${choices.map(
            (choice) => html`<label>
              <input type="radio" name="datanet" .checked=${datanet === choice.id} @change=${() => {
                datanet = choice.id
                update()
              }} />
              ${displayText(choice.name, 60)}
              <span class="count">${entries.filter((entry) => choice.id === ALL || entry.datanetId === choice.id).length}</span>
            </label>`,
          )}
          <input class="input search" type="search" placeholder="Search names and tags" aria-label="Search names and tags"
            .value=${query} @input=${(event: Event) => {
              query = (event.target as HTMLInputElement).value
              update()
            }} />
        </fieldset>
        <p class="muted small" role="status">Showing ${shown.length} of ${entries.length} contributions.</p>
        ${
          shown.length
            ? html`<ul class="gallery">${repeat(shown, (entry) => entry.contentHash, card)}</ul>`
            : html`<p class="empty">Nothing here yet. Contribute something on the Contribute page.</p>`
        }`,
      root,
    )
  }

  loadContributions()
    .then((list) => {
      entries = list
      loadExcerpts()
      showLinked()
      addEventListener('hashchange', showLinked)
    })
    .catch((error) => {
      render(
        html`<p class="notice error" role="alert">The contributions could not be loaded: ${messageOf(error)}</p>`,
        root,
      )
    })
}

const page = await startPage()
const root = document.querySelector<HTMLElement>('#gallery')
if (page && root) {
  root.replaceChildren()
  start(page, root)
}
