/** See chromiumFlags.mjs. */
export declare const CHROMIUM_FLAGS: string[]
