Feature: The transport message the SUT sends to the provider's security server
  The consumer SS posts a multipart/mixed message: OCSP responses for its TLS certificate chain,
  the SOAP message (with its attachments in a nested multipart) or the REST header part (with the
  body), the hash chain of a batch signature, then the signature; HTTP headers carry the request
  id, digest algorithm, the client's content type, the proxy version and, for SOAP, the SOAPAction
  (TRANSP-004, TRANSP-005, TRANSP-015). A recording stand-in provider server sees it as the peer would.

  Background:
    Given the provider's security server is a recording stand-in showing "its registered auth certificate"

  @req:TRANSP-005 @req:SIG-004 @sut-client @cap:soap
  Scenario: A plain SOAP request travels as OCSP parts, the SOAP part and the signature
    When the client IS sends a SOAP request for "getRandom"
    Then the transport request has the parts:
      | application/ocsp-response+ |
      | text/xml                   |
      | signature/bdoc-1.0/ts      |

  @req:TRANSP-005 @req:SIG-006 @sut-client @cap:soap @cap:attachments
  Scenario: A SOAP request with attachments carries them in a nested multipart, then the hash chain
    When the client IS sends a SOAP request for "echo" with 2 attachments
    Then the transport request has the parts:
      | application/ocsp-response+    |
      | text/xml                      |
      | multipart/mixed               |
      | application/hash-chain-result |
      | application/hash-chain        |
      | signature/bdoc-1.0/ts         |
    And the nested multipart of the transport request holds 2 attachments

  @req:TRANSP-004 @sut-client @cap:soap
  Scenario: The SOAP transport request carries the X-Road HTTP headers and no others of the client's
    When the client IS sends a SOAP request for "getRandom" with the HTTP header "X-Client-Note" set to "keep-out"
    Then the transport request carries the HTTP headers:
      | x-road-request-id       | a UUID               |
      | x-hash-algorithm        | a known digest name  |
      | x-original-content-type | starts with text/xml |
      | x-proxy-version         | a version number     |
      | x-road-message-type     | absent               |
      | x-client-note           | absent               |

  @req:TRANSP-004 @req:MESS-010 @sut-client @cap:soap
  Scenario: The SOAPAction of the client's request travels in x-original-soapaction
    When the client IS sends a SOAP request for "getRandom" with SOAPAction "\"urn:roadtest:getRandom\""
    Then the transport request carries the HTTP headers:
      | x-original-soapaction | is "urn:roadtest:getRandom" |

  @req:TRANSP-004 @req:TRANSP-005 @sut-client @cap:rest
  Scenario: A REST request with a body travels as the REST header part, the body part, the hash chain and the signature
    When the client IS calls the REST service "pets" with POST "/pets?kind=cat" and the body "{\"name\":\"Tom\"}"
    Then the transport request has the parts:
      | application/ocsp-response+      |
      | application/x-road-rest-request |
      | application/x-road-rest-body    |
      | application/hash-chain-result   |
      | application/hash-chain          |
      | signature/bdoc-1.0/ts           |
    And the transport request carries the HTTP headers:
      | x-road-message-type   | is REST             |
      | x-road-request-id     | a UUID              |
      | x-hash-algorithm      | a known digest name |
      | x-proxy-version       | a version number    |
      | x-original-soapaction | absent              |

  @req:TRANSP-015 @sut-client @cap:rest
  Scenario: The REST header part is the method line, the path line and Name:Value header lines
    When the client IS calls the REST service "pets" with GET "/1?a=1&a=2"
    Then the transport request has the parts:
      | application/ocsp-response+      |
      | application/x-road-rest-request |
      | signature/bdoc-1.0/ts           |
    And the REST header part reads "GET", then the service path followed by "/1?a=1&a=2", then Name:Value lines
    And the REST header part has the header lines "x-road-request-id" and "x-road-id"
