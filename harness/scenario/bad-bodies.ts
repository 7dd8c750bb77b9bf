// The malformed bodies the bad-input scenarios post to a client proxy, by the name the Gherkin
// uses. Each is built from a good request (so only the named defect differs) or is plain garbage.
import { randomBytes } from 'node:crypto';

export class UnknownBadBodyError extends Error {
  override readonly name = 'UnknownBadBodyError';
  readonly code = 'unknown_bad_body';
}

const BOMB =
  '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n' +
  Array.from({ length: 9 }, (_, i) => ` <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">`).join('\n') +
  '\n]>\n';

function withDoctype(goodSoap: string, doctype: string, bodyText: string): string {
  const noDecl = goodSoap.replace(/^<\?xml[^>]*\?>\s*/, '');
  return doctype + noDecl.replace('<input>hello</input>', `<input>${bodyText}</input>`);
}

/** Text/XML bodies: `goodSoap` is a valid request for the scenario's route. */
export function badSoapBody(name: string, goodSoap: string): Buffer {
  switch (name) {
    case 'a SOAP request':
      return Buffer.from(goodSoap, 'utf8');
    case '4096 random bytes':
      return randomBytes(4096);
    case 'the text "this is not XML"':
      return Buffer.from('this is not XML', 'utf8');
    case 'an unclosed SOAP envelope':
      return Buffer.from(goodSoap.slice(0, Math.floor(goodSoap.length / 2)), 'utf8');
    case 'an empty body':
      return Buffer.alloc(0);
    case 'XML with invalid UTF-8 bytes': {
      const [before, after] = goodSoap.split('hello');
      return Buffer.concat([Buffer.from(before!, 'utf8'), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(after!, 'utf8')]);
    }
    case 'a SOAP envelope of another version':
      return Buffer.from(goodSoap.replace('http://schemas.xmlsoap.org/soap/envelope/', 'http://www.w3.org/2003/05/soap-envelope'), 'utf8');
    case 'an entity-expansion bomb':
      return Buffer.from(withDoctype(goodSoap, BOMB, '&lol9;'), 'utf8');
    case 'a request whose DOCTYPE names a file':
      return Buffer.from(withDoctype(goodSoap, '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n', '&xxe;'), 'utf8');
    case 'XML nested 20000 elements deep':
      return Buffer.from(goodSoap.replace('<input>hello</input>', `${'<a>'.repeat(20_000)}x${'</a>'.repeat(20_000)}`), 'utf8');
    case '12 MiB of XML text with no root closing': {
      const head = goodSoap.slice(0, goodSoap.indexOf('<input>'));
      return Buffer.concat([Buffer.from(`${head}<input>`, 'utf8'), Buffer.alloc(12 * 1024 * 1024, 'a')]);
    }
    default:
      throw new UnknownBadBodyError(`no bad body named "${name}"`);
  }
}

/** Broken multipart/related bodies, with the Content-Type they are sent under. */
export function badMultipartBody(name: string, goodSoap: string): { body: Buffer; contentType: string } {
  const boundary = 'roadtest-bad-boundary';
  const contentType = `multipart/related; type="text/xml"; charset=UTF-8; boundary=${boundary}`;
  const soapPart = `--${boundary}\r\nContent-Type: text/xml; charset=UTF-8\r\n\r\n${goodSoap}\r\n`;
  const attachment = `--${boundary}\r\nContent-Type: application/octet-stream\r\nContent-ID: <a1>\r\n\r\nattachment bytes\r\n`;
  switch (name) {
    case 'a multipart body cut off in the SOAP part':
      return { body: Buffer.from(soapPart.slice(0, Math.floor(soapPart.length / 2)), 'utf8'), contentType };
    case 'a multipart body without closing boundary':
      return { body: Buffer.from(soapPart + attachment, 'utf8'), contentType };
    case 'a multipart body with a wrong boundary':
      return { body: Buffer.from(`${soapPart + attachment}--${boundary}--\r\n`, 'utf8'), contentType: contentType.replace(boundary, 'some-other-boundary') };
    default:
      throw new UnknownBadBodyError(`no bad multipart body named "${name}"`);
  }
}
