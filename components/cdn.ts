/**
 * The CDN build's entry (`dist/cdn/attribution-ledger.js`): importing it registers every element, so a page needs only
 * `<script type="module" src=".../attribution-ledger.js">`. It exports what `attribution-ledger/components` does.
 * A new component adds its define import here.
 */
import './badge/define.js'
import './claim/define.js'
import './contribute/define.js'
import './provider/define.js'
import './trace/define.js'

export * from './index.js'
