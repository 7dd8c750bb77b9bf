import { describe, expect, it } from 'vitest';
import { idToShortString } from '../identifiers/index.js';
import { describeWithVectors, readVector } from '../test-support/vectors.js';
import { readAsicContainer } from './container-reader.js';
import { messageSigner } from './message-signer.js';

const soap = (wrapper: string) => Buffer.from(`<SOAP-ENV:Envelope xmlns:SOAP-ENV="http://schemas.xmlsoap.org/soap/envelope/" xmlns:id="http://x-road.eu/xsd/identifiers" xmlns:xroad="http://x-road.eu/xsd/xroad.xsd"><SOAP-ENV:Header>
<xroad:client id:objectType="SUBSYSTEM"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>COM</id:memberClass><id:memberCode>4321</id:memberCode><id:subsystemCode>C</id:subsystemCode></xroad:client>
<xroad:service id:objectType="SERVICE"><id:xRoadInstance>DEV</id:xRoadInstance><id:memberClass>GOV</id:memberClass><id:memberCode>1234</id:memberCode><id:subsystemCode>S</id:subsystemCode><id:serviceCode>getX</id:serviceCode></xroad:service>
<xroad:id>q1</xroad:id><xroad:protocolVersion>4.0</xroad:protocolVersion></SOAP-ENV:Header><SOAP-ENV:Body><${wrapper}/></SOAP-ENV:Body></SOAP-ENV:Envelope>`);

describe('signer of an ASiC message', () => {
  it('is the client of a SOAP request and the provider of a SOAP response', () => {
    expect(idToShortString(messageSigner(soap('getX')).signer)).toBe('DEV/COM/4321/C');
    const r = messageSigner(soap('getXResponse'));
    expect(r.kind).toBe('soap-response');
    expect(idToShortString(r.signer)).toBe('DEV/GOV/1234/S');
  });

  it('is X-Road-Client of a REST request and the service provider of a REST response', () => {
    const req = Buffer.from('POST\r\n/r1/DEV/GOV/1234/S/svc\r\nx-road-client:DEV/COM/4321/C\r\nx-road-id:q\r\nx-road-request-id:r\r\n');
    expect(idToShortString(messageSigner(req).signer)).toBe('DEV/COM/4321/C');
    const resp = Buffer.from('200\r\nOK\r\nx-road-id:q\r\nx-road-client:DEV/COM/4321/C\r\nx-road-service:DEV/GOV/1234/S/svc\r\nx-road-request-hash:AAAA\r\n');
    expect(idToShortString(messageSigner(resp).signer)).toBe('DEV/GOV/1234/S');
  });

  it('refuses a message that is neither', () => {
    expect(() => messageSigner(Buffer.from('hello'))).toThrow(/Invalid message/);
    expect(() => messageSigner(Buffer.from('200\r\nOK\r\nx-road-id:q\r\nx-road-request-hash:AAAA\r\n'))).toThrow(/x-road-service/);
  });
});

describeWithVectors('signer of vector messages', () => {
  it('finds DEV/COM/4321/TestClient and DEV/COM/1234 (REST response)', async () => {
    const soapC = await readAsicContainer(readVector('asic/verifier-cli/valid-signed-message.asice'));
    expect(idToShortString(messageSigner(soapC.message!).signer)).toBe('DEV/COM/4321/TestClient');
    const rest = await readAsicContainer(readVector('asic/verifier-cli/valid-non-batch-rest.asice'));
    expect(idToShortString(messageSigner(rest.message!).signer)).toBe('DEV/COM/1234/TestService');
  });
});
