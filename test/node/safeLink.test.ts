import assert from 'node:assert/strict'
import { it } from 'node:test'
import { safeLink } from '../../components/shared/safeLink.js'
import { transactionUrl } from '../../components/shared/transactionUrl.js'

it('keeps https links and rewrites ipfs to the gateway', () => {
  assert.equal(safeLink('https://example.org/a?b=c#d'), 'https://example.org/a?b=c#d')
  assert.equal(safeLink('ipfs://bafybeigdyrzt/meta.json'), 'https://ipfs.io/ipfs/bafybeigdyrzt/meta.json')
  assert.equal(safeLink('ipfs://ipfs/bafybeigdyrzt'), 'https://ipfs.io/ipfs/bafybeigdyrzt')
  assert.equal(
    safeLink('ipfs://bafybeigdyrzt', { ipfsGateway: 'https://gw.example/ipfs' }),
    'https://gw.example/ipfs/bafybeigdyrzt',
  )
})

it('refuses javascript: however it is disguised, and every other scheme', () => {
  const hostile = [
    'javascript:alert(1)',
    'JaVaScRiPt:alert(1)',
    ' \u0000javascript:alert(1)',
    'java\tscript:alert(1)',
    'java\nscript:alert(1)',
    'jav\rascript:alert(1)',
    '\u0001\u001fjavascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
    'http://example.org',
    '//example.org',
    '/relative',
    'ipfs://../../etc',
    '',
    42,
    null,
  ]
  for (const value of hostile) assert.equal(safeLink(value), undefined, String(value))
  // Dot segments are resolved inside the content, never above it on the gateway.
  assert.equal(safeLink('ipfs://bafy/../../x'), 'https://ipfs.io/ipfs/bafy/x')
})

it('links transactions only on http(s) explorers', () => {
  const hash = `0x${'ab'.repeat(32)}` as const
  assert.equal(transactionUrl('https://explorer.example', hash), `https://explorer.example/tx/${hash}`)
  assert.equal(transactionUrl('http://127.0.0.1:4000/', hash), `http://127.0.0.1:4000/tx/${hash}`)
  assert.equal(transactionUrl('java\tscript:alert(1)//', hash), undefined)
  assert.equal(transactionUrl(undefined, hash), undefined)
})
