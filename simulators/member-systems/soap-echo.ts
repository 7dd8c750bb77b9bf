// The provider IS's SOAP echo: turns a request envelope into the response a well-behaved IS
// sends (MESS-013: header fields echoed with the same values, order and namespaces; wrapper
// `<code>Response`, MESS-007). Done by editing the request text rather than rebuilding the XML,
// so prefixes, namespace declarations, comments and CDATA come back exactly as sent — the
// proxy test suite's CDATA/comment/default-namespace cases depend on that.

const NAME = '[A-Za-z_][\\w.-]*';

export interface SoapEchoOptions {
  bogusRequestHash?: boolean;
  alterId?: string;
}

export class SoapEchoError extends Error {
  override readonly name = 'SoapEchoError';
}

/** Start tag of an element with local name `local` (any prefix), from `from`. */
function findStartTag(text: string, local: string, from = 0): { index: number; end: number; prefix: string } | undefined {
  const re = new RegExp(`<(?:(${NAME}):)?${local}(?=[\\s/>])[^>]*>`, 'g');
  re.lastIndex = from;
  const m = re.exec(text);
  if (!m) return undefined;
  return { index: m.index, end: m.index + m[0].length, prefix: m[1] ?? '' };
}

function qname(prefix: string, local: string): string {
  return prefix ? `${prefix}:${local}` : local;
}

/** Offset of the first element start inside `text` from `from`, skipping comments, PIs, whitespace. */
function firstElement(text: string, from: number, to: number): { index: number; end: number; name: string; selfClosing: boolean } | undefined {
  let i = from;
  while (i < to) {
    const lt = text.indexOf('<', i);
    if (lt === -1 || lt >= to) return undefined;
    if (text.startsWith('<!--', lt)) {
      i = text.indexOf('-->', lt) + 3;
      continue;
    }
    if (text.startsWith('<?', lt)) {
      i = text.indexOf('?>', lt) + 2;
      continue;
    }
    const m = new RegExp(`^<((?:${NAME}:)?${NAME})(?=[\\s/>])[^>]*?(/?)>`).exec(text.slice(lt, to));
    if (!m) return undefined;
    return { index: lt, end: lt + m[0].length, name: m[1]!, selfClosing: m[2] === '/' };
  }
  return undefined;
}

/** The X-Road response text for a request SOAP text (see file comment). */
export function soapEchoResponse(requestText: string, options: SoapEchoOptions = {}): string {
  let text = requestText.charCodeAt(0) === 0xfeff ? requestText.slice(1) : requestText;
  const header = findStartTag(text, 'Header');
  const body = findStartTag(text, 'Body', header?.end ?? 0);
  if (!body) throw new SoapEchoError('request has no SOAP Body');
  const bodyClose = text.lastIndexOf(`</${qname(body.prefix, 'Body')}>`);
  if (bodyClose < body.end) throw new SoapEchoError('request Body is not closed');
  const wrapper = firstElement(text, body.end, bodyClose);
  if (!wrapper) throw new SoapEchoError('request Body has no wrapper element');

  // Rename the wrapper, end tag first so offsets before it stay valid.
  if (!wrapper.selfClosing) {
    const close = text.lastIndexOf(`</${wrapper.name}`, bodyClose);
    if (close < wrapper.end) throw new SoapEchoError(`wrapper <${wrapper.name}> is not closed`);
    text = text.slice(0, close) + `</${wrapper.name}Response` + text.slice(close + 2 + wrapper.name.length);
  }
  text = text.slice(0, wrapper.index) + `<${wrapper.name}Response` + text.slice(wrapper.index + 1 + wrapper.name.length);

  if (header && (options.alterId !== undefined || options.bogusRequestHash)) {
    const headerClose = text.indexOf(`</${qname(header.prefix, 'Header')}>`, header.end);
    const idTag = findStartTag(text, 'id', header.end);
    if (idTag && idTag.index < headerClose) {
      const idClose = text.indexOf(`</${qname(idTag.prefix, 'id')}>`, idTag.end);
      let afterId = idClose + `</${qname(idTag.prefix, 'id')}>`.length;
      if (options.alterId !== undefined && idClose > 0) {
        text = text.slice(0, idTag.end) + options.alterId + text.slice(idClose);
        afterId = idTag.end + options.alterId.length + `</${qname(idTag.prefix, 'id')}>`.length;
      }
      if (options.bogusRequestHash) {
        const rh = qname(idTag.prefix, 'requestHash');
        const bogus = Buffer.alloc(64, 0x42).toString('base64');
        text = text.slice(0, afterId) + `<${rh} algorithmId="http://www.w3.org/2001/04/xmlenc#sha512">${bogus}</${rh}>` + text.slice(afterId);
      }
    }
  }
  return text;
}

/** A SOAP 1.1 fault as an IS sends it. */
export function soapFaultText(faultCode: string, faultString: string, detail?: string): string {
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>' +
    '<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/"><SOAP-ENV:Body><SOAP-ENV:Fault>' +
    `<faultcode>${esc(faultCode)}</faultcode><faultstring>${esc(faultString)}</faultstring>` +
    (detail !== undefined ? `<detail>${esc(detail)}</detail>` : '') +
    '</SOAP-ENV:Fault></SOAP-ENV:Body></SOAP-ENV:Envelope>'
  );
}
