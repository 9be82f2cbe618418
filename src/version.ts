/** Replaced at build time from package.json; the fallback serves runs from source. */
declare const __KAO_VERSION__: string | undefined;
export const VERSION: string = typeof __KAO_VERSION__ === 'string' ? __KAO_VERSION__ : '0.0.0-dev';
