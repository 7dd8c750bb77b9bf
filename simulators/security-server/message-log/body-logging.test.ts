// message-body-logging=false (LOG-006): the SOAP Body is emptied and nothing else changes; REST
// bodies and attachments are dropped; a message whose Body cannot be found is logging_failed.
import { describe, expect, it } from 'vitest';
import type { LoggedMessage } from '../components.js';
import { blankSoapBody, loggableMessage } from './body-logging.js';

const soap = (body: string, prefix = 'SOAP-ENV') =>
  Buffer.from(
    `<?xml version="1.0" encoding="UTF-8"?><${prefix}:Envelope xmlns:${prefix}="http://schemas.xmlsoap.org/soap/envelope/" xmlns:x="urn:x">` +
      `<${prefix}:Header><x:id>q-1 ä</x:id></${prefix}:Header><${prefix}:Body attr="1">${body}</${prefix}:Body></${prefix}:Envelope>`,
    'utf8',
  );

const logged = (message: Buffer, protocol: 'soap' | 'rest' = 'soap'): LoggedMessage => ({
  queryId: 'q-1', client: 'DEV/COM/1234/C', service: 'DEV/GOV/4321/P/s', direction: 'request', protocol, message,
  attachments: [Buffer.from('attachment')], signatureXml: Buffer.from('<sig/>'), loggedAt: new Date(),
});

describe('blankSoapBody', () => {
  it('removes the Body content and keeps every other byte', () => {
    const out = blankSoapBody(soap('<x:secret>hidden</x:secret><!-- </SOAP-ENV:Body> in a comment -->'));
    expect(out.toString('utf8')).toBe(soap('').toString('utf8'));
  });

  it('works with any prefix and with an already empty Body', () => {
    expect(blankSoapBody(soap('<x:a/>', 's')).toString('utf8')).toBe(soap('', 's').toString('utf8'));
    const empty = Buffer.from('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Body/></e:Envelope>');
    expect(blankSoapBody(empty).equals(empty)).toBe(true);
  });

  it('refuses what is not a SOAP envelope with a Body (logging_failed)', () => {
    expect(() => blankSoapBody(Buffer.from('<a/>'))).toThrow(expect.objectContaining({ code: 'logging_failed' }));
    expect(() => blankSoapBody(Buffer.from('<e:Envelope xmlns:e="http://schemas.xmlsoap.org/soap/envelope/"><e:Header/></e:Envelope>'))).toThrow(
      expect.objectContaining({ code: 'logging_failed' }),
    );
    expect(() => blankSoapBody(Buffer.from('not xml'))).toThrow(expect.objectContaining({ code: 'logging_failed' }));
  });
});

describe('loggableMessage', () => {
  it('keeps everything when body logging is on', () => {
    const m = logged(soap('<x:a/>'));
    expect(loggableMessage(m, true)).toEqual({ message: m, bodyLogged: true });
  });

  it('blanks SOAP bodies and drops attachments when off, per message when a function decides', () => {
    const m = logged(soap('<x:a>secret</x:a>'));
    const off = loggableMessage(m, false);
    expect(off.bodyLogged).toBe(false);
    expect(off.message.message.toString()).not.toContain('secret');
    expect(off.message.attachments).toEqual([]);
    expect(off.message.signatureXml).toBe(m.signatureXml);
    expect(loggableMessage(m, (x) => x.client !== m.client).bodyLogged).toBe(false);
    expect(loggableMessage(m, (x) => x.client === m.client).bodyLogged).toBe(true);
  });

  it('keeps a REST header part but drops its body', () => {
    const head = Buffer.from('POST\r\n/r1/DEV/GOV/4321/P/s\r\nx-road-client: DEV/COM/1234/C\r\n');
    const off = loggableMessage(logged(head, 'rest'), false);
    expect(off.message.message.equals(head)).toBe(true);
    expect(off.message.attachments).toEqual([]);
  });
});
