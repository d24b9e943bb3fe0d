import type { EIP1193Provider } from 'viem'
import { displayText } from '../displayText.js'

/** A wallet as EIP-6963 announces it; `name` and `icon` come from a page we do not control and are shown as text and an `<img>` only. */
export type AnnouncedWallet = {
  uuid: string
  name: string
  /** A `data:image/…` or https URL, or '' when the wallet's icon was anything else. */
  icon: string
  rdns: string
  provider: EIP1193Provider
}

type AnnounceEvent = Event & {
  detail?: { info?: { uuid?: unknown; name?: unknown; icon?: unknown; rdns?: unknown }; provider?: unknown }
}

const cleanWalletName = (name: unknown) => displayText(name, 64, 'Unnamed wallet')

function safeIcon(icon: unknown): string {
  if (typeof icon !== 'string') return ''
  if (/^data:image\/(png|jpeg|gif|webp|svg\+xml)[;,]/i.test(icon)) return icon
  try {
    return new URL(icon).protocol === 'https:' ? icon : ''
  } catch {
    return ''
  }
}

const isProvider = (value: unknown): value is EIP1193Provider =>
  typeof (value as { request?: unknown } | null)?.request === 'function'

/**
 * Finds the injected wallets (EIP-6963): calls `onChange` with the list whenever a wallet announces itself, however
 * late, with repeats of a uuid replacing the earlier entry. Returns a function that stops listening.
 */
export function watchInjectedWallets(onChange: (wallets: AnnouncedWallet[]) => void): () => void {
  const wallets = new Map<string, AnnouncedWallet>()
  const onAnnounce = (event: Event) => {
    const { info, provider } = (event as AnnounceEvent).detail ?? {}
    if (!info || typeof info.uuid !== 'string' || !isProvider(provider)) return
    wallets.set(info.uuid, {
      uuid: info.uuid,
      name: cleanWalletName(info.name),
      icon: safeIcon(info.icon),
      rdns: typeof info.rdns === 'string' ? info.rdns : '',
      provider,
    })
    onChange([...wallets.values()])
  }
  window.addEventListener('eip6963:announceProvider', onAnnounce)
  window.dispatchEvent(new Event('eip6963:requestProvider'))
  return () => window.removeEventListener('eip6963:announceProvider', onAnnounce)
}
