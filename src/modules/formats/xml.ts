/**
 * Text as XML 1.0 may carry it: the control characters it forbids (all but tab, newline and carriage return),
 * U+FFFE/U+FFFF and unpaired surrogates are dropped. Everything else is escaped by the XML writer.
 */
const notXml =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g

export const xmlText = (text: string): string => text.replace(notXml, '')
