// Readability's own parser ships without types; only `parse` is used (./readability-host.js).
declare module '@mozilla/readability/JSDOMParser.js' {
  export default class JSDOMParser {
    parse(html: string, url?: string): unknown;
  }
}
