import { describe, expect, it } from 'vitest';
import { describeWithVectors, vectorsDir } from '../../protocol/test-support/vectors.js';
import { DEFAULT_PROXY_CONTENT_TYPE, loadProxyRequest, ProxyVectorError, vectorsDirectory } from './soap-proxy-vectors.js';

describe('vectors folder', () => {
  it('is found where the vitest helper finds it', () => {
    expect(vectorsDirectory()).toBe(vectorsDir);
  });
});

describeWithVectors('proxy test case requests', () => {
  const dir = vectorsDirectory()!;

  it('reads the request file with the case content type, defaulting as the Java suite does', () => {
    const multipart = loadProxyRequest(dir, 'AttachmentFaulty', 'attachm-error.query');
    expect(multipart.contentType).toMatch(/^multipart\/related/);
    expect(multipart.body.length).toBeGreaterThan(0);
    const plain = loadProxyRequest(dir, 'MissingBody', 'missing-body.query');
    expect(plain.contentType).toBe(DEFAULT_PROXY_CONTENT_TYPE);
    expect(plain.method).toBe('POST');
  });

  it('applies what the Java case adds: HTTP method, SOAPAction', () => {
    expect(loadProxyRequest(dir, 'WrongHttpMethod', 'getstate.query').method).toBe('GET');
    expect(loadProxyRequest(dir, 'SoapActionMalformedHeader', 'getstate.query').soapAction).toBe('http://example.org/action');
  });

  it('refuses a table that names another request file or an unknown case', () => {
    expect(() => loadProxyRequest(dir, 'MissingBody', 'getstate.query')).toThrow(ProxyVectorError);
    expect(() => loadProxyRequest(dir, 'NoSuchCase', 'getstate.query')).toThrow(ProxyVectorError);
  });
});
